package dev.kindling.scheduler;

import java.net.URI;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * 422 for an {@code Idempotency-Key} the caller already used, within its time to live,
 * for another job: the request is well formed, but it cannot be the retry it claims to
 * be.
 */
public class IdempotencyKeyReused extends ErrorResponseException {

	public static final URI TYPE = URI.create("https://kindling.dev/problems/idempotency-key-reused");

	private IdempotencyKeyReused(ProblemDetail detail) {
		super(HttpStatus.UNPROCESSABLE_CONTENT, detail, null);
	}

	public static IdempotencyKeyReused of(String firstJobId) {
		ProblemDetail detail = ProblemDetail.forStatusAndDetail(HttpStatus.UNPROCESSABLE_CONTENT,
				"this Idempotency-Key was used for job '" + firstJobId
						+ "' with another job document; use a new key for a new job");
		detail.setTitle("Idempotency-Key reused");
		detail.setType(TYPE);
		detail.setProperty("parameter", "Idempotency-Key");
		detail.setProperty("jobId", firstJobId);
		return new IdempotencyKeyReused(detail);
	}

}
