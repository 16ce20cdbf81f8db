package dev.kindling.live;

import java.net.URI;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** 429: {@code kindling.events.max-streams} event streams are open already. */
class TooManyStreams extends ErrorResponseException {

	private TooManyStreams(ProblemDetail detail) {
		super(HttpStatus.TOO_MANY_REQUESTS, detail, null);
		getHeaders().set(HttpHeaders.RETRY_AFTER, "5");
	}

	static TooManyStreams of(int limit) {
		ProblemDetail detail = ProblemDetail.forStatusAndDetail(HttpStatus.TOO_MANY_REQUESTS,
				"the driver already serves " + limit + " event streams, the limit of kindling.events.max-streams; "
						+ "close one or poll the JSON API");
		detail.setTitle("Too many event streams");
		detail.setType(URI.create("https://kindling.dev/problems/too-many-streams"));
		return new TooManyStreams(detail);
	}

}
