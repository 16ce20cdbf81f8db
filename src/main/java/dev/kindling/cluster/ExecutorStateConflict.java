package dev.kindling.cluster;

import java.net.URI;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** 409 for an operation the executor's state does not allow (drain one that is gone). */
public class ExecutorStateConflict extends ErrorResponseException {

	private ExecutorStateConflict(ProblemDetail detail) {
		super(HttpStatus.CONFLICT, detail, null);
	}

	public static ExecutorStateConflict of(String id, ExecutorState state, String detail) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, detail);
		problem.setTitle("Executor is " + state);
		problem.setType(URI.create("https://kindling.dev/problems/executor-state"));
		problem.setProperty("executorId", id);
		problem.setProperty("state", state);
		return new ExecutorStateConflict(problem);
	}

}
