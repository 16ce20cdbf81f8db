package dev.kindling.platform;

import java.net.URI;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * 503 while the driver's database cannot be reached: nothing the request asked for was
 * stored, and the client may try again after {@code Retry-After} seconds.
 */
public class DatabaseUnavailable extends ErrorResponseException {

	public static final URI TYPE = URI.create("https://kindling.dev/problems/database-unavailable");

	public static final int RETRY_AFTER_SECONDS = 5;

	private DatabaseUnavailable(ProblemDetail detail) {
		super(HttpStatus.SERVICE_UNAVAILABLE, detail, null);
		getHeaders().set(HttpHeaders.RETRY_AFTER, String.valueOf(RETRY_AFTER_SECONDS));
	}

	/** What could not be done, e.g. "the job was not accepted". */
	public static DatabaseUnavailable of(String what) {
		return new DatabaseUnavailable(problem(what));
	}

	/** The problem detail, for handlers that answer without the exception. */
	public static ProblemDetail problem(String what) {
		ProblemDetail detail = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
				"the driver's database cannot be reached; " + what + ". Try again after " + RETRY_AFTER_SECONDS
						+ " seconds");
		detail.setTitle("Database unavailable");
		detail.setType(TYPE);
		detail.setProperty("retryAfterSeconds", RETRY_AFTER_SECONDS);
		return detail;
	}

}
