package dev.kindling.platform;

import java.net.URI;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * 403 for a caller whose roles do not allow what it asked (a submitter cancelling a job
 * it may see but does not own, for instance).
 */
public class Forbidden extends ErrorResponseException {

	public static final URI TYPE = URI.create("https://kindling.dev/problems/forbidden");

	private Forbidden(ProblemDetail detail) {
		super(HttpStatus.FORBIDDEN, detail, null);
	}

	public static Forbidden of(String message) {
		ProblemDetail detail = ProblemDetail.forStatusAndDetail(HttpStatus.FORBIDDEN, message);
		detail.setTitle("Forbidden");
		detail.setType(TYPE);
		return new Forbidden(detail);
	}

}
