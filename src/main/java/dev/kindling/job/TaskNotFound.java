package dev.kindling.job;

import java.net.URI;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** 404 for a task attempt id that the job's stage does not have. */
public class TaskNotFound extends ErrorResponseException {

	private TaskNotFound(ProblemDetail detail) {
		super(HttpStatus.NOT_FOUND, detail, null);
	}

	public static TaskNotFound of(String jobId, int stageNo, String attemptId) {
		ProblemDetail detail = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND,
				"stage " + stageNo + " of job '" + jobId + "' has no task attempt '" + attemptId + "'");
		detail.setTitle("Task attempt not found");
		detail.setType(URI.create("https://kindling.dev/problems/task-not-found"));
		return new TaskNotFound(detail);
	}

}
