package dev.kindling.job;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** 404 for a stage a job does not have. */
public class StageNotFound extends ErrorResponseException {

	private StageNotFound(ProblemDetail detail) {
		super(HttpStatus.NOT_FOUND, detail, null);
	}

	public static StageNotFound of(String jobId, int stage) {
		ProblemDetail detail = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND,
				"job '" + jobId + "' has no stage " + stage);
		detail.setTitle("Stage not found");
		detail.setType(java.net.URI.create("https://kindling.dev/problems/stage-not-found"));
		return new StageNotFound(detail);
	}

}
