package dev.kindling.cluster;

import java.net.URI;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** 404 for an executor id this driver does not know. */
public class ExecutorNotFound extends ErrorResponseException {

	private ExecutorNotFound(ProblemDetail detail) {
		super(HttpStatus.NOT_FOUND, detail, null);
	}

	public static ExecutorNotFound of(String id) {
		ProblemDetail detail = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND,
				"no executor with id '" + id + "'");
		detail.setTitle("Executor not found");
		detail.setType(URI.create("https://kindling.dev/problems/executor-not-found"));
		return new ExecutorNotFound(detail);
	}

}
