package dev.kindling.platform;

import java.net.URI;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * 400 for a request whose content is wrong; names the field (a JSON pointer) or
 * parameter.
 */
public class BadRequest extends ErrorResponseException {

	public static final URI TYPE = URI.create("https://kindling.dev/problems/invalid-job");

	private BadRequest(ProblemDetail detail) {
		super(HttpStatus.BAD_REQUEST, detail, null);
	}

	/**
	 * A problem in the request body at {@code pointer} (RFC 6901, "" for the whole body).
	 */
	public static BadRequest of(String pointer, String message) {
		ProblemDetail detail = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, message);
		detail.setTitle("Invalid request");
		detail.setType(TYPE);
		detail.setProperty("pointer", pointer);
		return new BadRequest(detail);
	}

	/** A problem with a query parameter or header. */
	public static BadRequest parameter(String name, String message) {
		ProblemDetail detail = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, message);
		detail.setTitle("Invalid parameter");
		detail.setType(URI.create("https://kindling.dev/problems/invalid-parameter"));
		detail.setProperty("parameter", name);
		return new BadRequest(detail);
	}

}
