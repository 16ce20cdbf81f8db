package dev.kindling.platform;

import java.net.URI;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** 413 for a request body over one of the configured size limits. */
public class PayloadTooLarge extends ErrorResponseException {

	public static final URI TYPE = URI.create("https://kindling.dev/problems/payload-too-large");

	private PayloadTooLarge(ProblemDetail detail) {
		super(HttpStatus.CONTENT_TOO_LARGE, detail, null);
	}

	/**
	 * A body larger than {@code limitBytes}, the value of the property {@code property}.
	 */
	public static PayloadTooLarge of(String property, long limitBytes) {
		ProblemDetail detail = ProblemDetail.forStatusAndDetail(HttpStatus.CONTENT_TOO_LARGE,
				"the request body is larger than " + property + " (" + limitBytes + " bytes)");
		detail.setTitle("Request body too large");
		detail.setType(TYPE);
		detail.setProperty("limitBytes", limitBytes);
		return new PayloadTooLarge(detail);
	}

}
