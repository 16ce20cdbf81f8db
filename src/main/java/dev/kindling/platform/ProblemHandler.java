package dev.kindling.platform;

import java.net.URI;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

import dev.kindling.engine.logical.PlanException;

/**
 * Turns every error into an RFC 9457 problem detail: invalid jobs name the field at fault as a JSON
 * pointer (and the character position inside an expression); nothing leaks a stack trace or an
 * internal class name.
 */
@RestControllerAdvice
class ProblemHandler extends ResponseEntityExceptionHandler {

	private static final Logger log = LoggerFactory.getLogger(ProblemHandler.class);

	@ExceptionHandler(PlanException.class)
	ProblemDetail invalidJob(PlanException ex) {
		ProblemDetail detail = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, ex.getMessage());
		detail.setTitle("Invalid job");
		detail.setType(BadRequest.TYPE);
		detail.setProperty("pointer", ex.pointer());
		if (ex.position() >= 0) {
			detail.setProperty("position", ex.position());
		}
		if (ex.column() != null) {
			detail.setProperty("column", ex.column());
		}
		return detail;
	}

	@ExceptionHandler(MethodArgumentTypeMismatchException.class)
	ProblemDetail badParameter(MethodArgumentTypeMismatchException ex) {
		ProblemDetail detail = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
				"parameter '" + ex.getName() + "' has an invalid value '" + ex.getValue() + "'");
		detail.setTitle("Invalid parameter");
		detail.setType(URI.create("https://kindling.dev/problems/invalid-parameter"));
		detail.setProperty("parameter", ex.getName());
		return detail;
	}

	@Override
	protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		ProblemDetail detail = ProblemDetail.forStatus(HttpStatus.BAD_REQUEST);
		detail.setTitle("Malformed request body");
		detail.setType(URI.create("https://kindling.dev/problems/malformed-body"));
		Throwable cause = ex.getCause();
		if (cause instanceof UnrecognizedPropertyException unknown) {
			detail.setDetail("unknown field '" + unknown.getPropertyName() + "'");
			detail.setProperty("pointer", pointer(unknown));
		}
		else if (cause instanceof DatabindException bind) {
			detail.setDetail("invalid value at " + pointer(bind) + ": " + firstLine(bind.getOriginalMessage()));
			detail.setProperty("pointer", pointer(bind));
		}
		else if (cause instanceof JacksonException json) {
			detail.setDetail("malformed JSON: " + firstLine(json.getOriginalMessage()));
		}
		else {
			detail.setDetail("the request body is missing or is not a JSON job document");
		}
		return handleExceptionInternal(ex, detail, headers, HttpStatus.BAD_REQUEST, request);
	}

	private static String pointer(DatabindException ex) {
		StringBuilder sb = new StringBuilder();
		for (var ref : ex.getPath()) {
			sb.append('/');
			if (ref.getPropertyName() != null) {
				sb.append(ref.getPropertyName().replace("~", "~0").replace("/", "~1"));
			}
			else {
				sb.append(ref.getIndex());
			}
		}
		return sb.toString();
	}

	private static String firstLine(String message) {
		if (message == null) {
			return "unreadable";
		}
		int nl = message.indexOf('\n');
		String line = nl < 0 ? message : message.substring(0, nl);
		// Jackson names Java types in some messages; keep the part a caller can act on.
		return line.replaceAll("`[a-z]+(\\.[a-zA-Z0-9_$]+)+`", "value").replaceAll("\\(class [^)]*\\)", "").trim();
	}

	@ExceptionHandler(Exception.class)
	ProblemDetail unexpected(Exception ex) {
		log.error("Unexpected error", ex);
		ProblemDetail detail = ProblemDetail.forStatusAndDetail(HttpStatus.INTERNAL_SERVER_ERROR,
				"an internal error occurred; the driver log has the details");
		detail.setTitle("Internal error");
		return detail;
	}

}
