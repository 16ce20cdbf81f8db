package dev.kindling.job;

import java.net.URI;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * 429: the driver already holds {@code kindling.limits.max-active-jobs} queued or running
 * jobs.
 */
class TooManyJobs extends ErrorResponseException {

	static final int RETRY_AFTER_SECONDS = 5;

	private TooManyJobs(ProblemDetail detail) {
		super(HttpStatus.TOO_MANY_REQUESTS, detail, null);
		getHeaders().set(HttpHeaders.RETRY_AFTER, String.valueOf(RETRY_AFTER_SECONDS));
	}

	static TooManyJobs of(long active, int limit) {
		ProblemDetail detail = ProblemDetail.forStatusAndDetail(HttpStatus.TOO_MANY_REQUESTS,
				"the driver already holds " + active + " queued or running jobs, the limit of "
						+ "kindling.limits.max-active-jobs (" + limit + "); submit again when some have finished");
		detail.setTitle("Too many jobs");
		detail.setType(URI.create("https://kindling.dev/problems/too-many-jobs"));
		detail.setProperty("retryAfterSeconds", RETRY_AFTER_SECONDS);
		return new TooManyJobs(detail);
	}

}
