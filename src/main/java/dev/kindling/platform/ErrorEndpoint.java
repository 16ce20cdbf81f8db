package dev.kindling.platform;

import java.net.URI;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The servlet container's error page, in place of Spring Boot's: an error that happens
 * outside Spring MVC (the container, a filter) is rendered as a problem detail with its
 * status and no internals, and a request for {@code /error} itself is an unknown resource
 * (404), not the 500 of an error with no status.
 */
@RestController
class ErrorEndpoint implements ErrorController {

	static final URI NOT_FOUND = URI.create("https://kindling.dev/problems/not-found");

	@RequestMapping("${server.error.path:/error}")
	ResponseEntity<ProblemDetail> error(HttpServletRequest request) {
		Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
		if (request.getDispatcherType() != DispatcherType.ERROR || !(code instanceof Integer)) {
			ProblemDetail detail = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND,
					"there is nothing at " + request.getRequestURI());
			detail.setTitle("Not found");
			detail.setType(NOT_FOUND);
			return problem(detail);
		}
		HttpStatus status = HttpStatus.resolve((Integer) code);
		if (status == null || !status.isError()) {
			status = HttpStatus.INTERNAL_SERVER_ERROR;
		}
		Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
		ProblemDetail detail = ProblemDetail.forStatusAndDetail(status,
				status.is5xxServerError() ? "an internal error occurred; the log has the details"
						: "the request could not be served: " + status.getReasonPhrase());
		detail.setTitle(status.getReasonPhrase());
		detail.setType(Problems.typeOf(status.value()));
		if (uri instanceof String path) {
			try {
				detail.setInstance(new URI(null, null, path, null));
			}
			catch (java.net.URISyntaxException ex) {
				// No instance rather than a second error.
			}
		}
		return problem(detail);
	}

	private static ResponseEntity<ProblemDetail> problem(ProblemDetail detail) {
		return ResponseEntity.status(detail.getStatus()).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(detail);
	}

}
