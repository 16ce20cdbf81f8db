package dev.kindling.job;

import java.net.URI;
import java.time.Instant;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * 410 for a job the retention policy deleted: it existed, finished, and is gone with its
 * stages, attempts, events and result.
 */
public class JobExpired extends ErrorResponseException {

	public static final URI TYPE = URI.create("https://kindling.dev/problems/job-expired");

	private JobExpired(ProblemDetail detail) {
		super(HttpStatus.GONE, detail, null);
	}

	public static JobExpired of(String id, Instant finishedAt, Instant expiredAt) {
		ProblemDetail detail = ProblemDetail.forStatusAndDetail(HttpStatus.GONE,
				"job '" + id + "' " + (finishedAt == null ? "finished" : "finished at " + finishedAt)
						+ " and was deleted at " + expiredAt
						+ " under the retention policy (kindling.retention.max-age, max-jobs), with its stages, "
						+ "tasks, events and result");
		detail.setTitle("Job expired");
		detail.setType(TYPE);
		detail.setProperty("expiredAt", expiredAt);
		return new JobExpired(detail);
	}

}
