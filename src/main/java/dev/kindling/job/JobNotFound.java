package dev.kindling.job;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** 404 for a job id nobody submitted. */
public class JobNotFound extends ErrorResponseException {

	private JobNotFound(ProblemDetail detail) {
		super(HttpStatus.NOT_FOUND, detail, null);
	}

	public static JobNotFound of(String id) {
		ProblemDetail detail = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, "no job with id '" + id + "'");
		detail.setTitle("Job not found");
		detail.setType(java.net.URI.create("https://kindling.dev/problems/job-not-found"));
		return new JobNotFound(detail);
	}

}
