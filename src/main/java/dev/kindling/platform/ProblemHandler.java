package dev.kindling.platform;

import java.net.URI;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

import dev.kindling.engine.datasource.DataRoot;
import dev.kindling.engine.logical.PlanException;
import dev.kindling.engine.sql.SqlException;

/**
 * Turns every error into an RFC 9457 problem detail: invalid jobs name the field at fault
 * as a JSON pointer (and the character position inside an expression); nothing leaks a
 * stack trace or an internal class name.
 */
@RestControllerAdvice
class ProblemHandler extends ResponseEntityExceptionHandler {

	private static final Logger log = LoggerFactory.getLogger(ProblemHandler.class);

	private final long maxRequestSize;

	private final DataRoot dataRoot;

	ProblemHandler(KindlingProperties properties, DataRoot dataRoot) {
		this.maxRequestSize = properties.limits().maxRequestSize().toBytes();
		this.dataRoot = dataRoot;
	}

	@ExceptionHandler(PlanException.class)
	ProblemDetail invalidJob(PlanException ex) {
		ProblemDetail detail = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
				this.dataRoot.scrub(ex.getMessage()));
		detail.setTitle("Invalid job");
		detail.setType(BadRequest.TYPE);
		detail.setProperty("pointer", ex.pointer());
		if (ex.position() >= 0) {
			detail.setProperty("position", ex.position());
		}
		if (ex.column() != null) {
			detail.setProperty("column", ex.column());
		}
		java.util.List<java.util.Map<String, Object>> errors = new java.util.ArrayList<>();
		for (PlanException one : ex.all()) {
			java.util.Map<String, Object> error = new java.util.LinkedHashMap<>();
			error.put("detail", this.dataRoot.scrub(one.getMessage()));
			error.put("pointer", one.pointer());
			if (one.position() >= 0) {
				error.put("position", one.position());
			}
			errors.add(error);
		}
		detail.setProperty("errors", errors);
		return detail;
	}

	/**
	 * A SQL job's mistake: the field is {@code /sql}, and the problem names the line, the
	 * column and the token (besides the character position).
	 */
	@ExceptionHandler(SqlException.class)
	ProblemDetail invalidSql(SqlException ex) {
		ProblemDetail detail = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, ex.getMessage());
		detail.setTitle("Invalid job");
		detail.setType(BadRequest.TYPE);
		detail.setProperty("pointer", ex.pointer());
		if (ex.position() >= 0) {
			detail.setProperty("line", ex.line());
			detail.setProperty("column", ex.columnNumber());
			detail.setProperty("position", ex.position());
		}
		if (ex.token() != null) {
			detail.setProperty("token", ex.token());
		}
		return detail;
	}

	@ExceptionHandler(DataRoot.PathRefusedException.class)
	ProblemDetail pathRefused(DataRoot.PathRefusedException ex) {
		ProblemDetail detail = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
				this.dataRoot.scrub(ex.getMessage()));
		detail.setTitle("Path refused");
		detail.setType(BadRequest.TYPE);
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
		for (Throwable t = ex; t != null; t = t.getCause()) {
			if (t instanceof RequestSizeFilter.TooLargeException) {
				PayloadTooLarge tooLarge = PayloadTooLarge.of(RequestSizeFilter.PROPERTY, this.maxRequestSize);
				return handleExceptionInternal(ex, tooLarge.getBody(), headers, tooLarge.getStatusCode(), request);
			}
		}
		ProblemDetail detail = ProblemDetail.forStatus(HttpStatus.BAD_REQUEST);
		detail.setTitle("Malformed request body");
		detail.setType(URI.create("https://kindling.dev/problems/malformed-body"));
		Throwable cause = ex.getCause();
		if (cause instanceof UnrecognizedPropertyException unknown) {
			detail.setDetail("unknown field '" + unknown.getPropertyName() + "'");
			detail.setProperty("pointer", pointer(unknown));
		}
		else if (cause instanceof MismatchedInputException mismatch && expected(mismatch.getTargetType()) != null) {
			detail.setDetail(
					"invalid value at " + pointer(mismatch) + ": expected " + expected(mismatch.getTargetType()));
			detail.setProperty("pointer", pointer(mismatch));
		}
		else if (cause instanceof DatabindException bind) {
			detail.setDetail("invalid value at " + pointer(bind) + ": " + firstLine(bind.getOriginalMessage()));
			detail.setProperty("pointer", pointer(bind));
		}
		else if (cause instanceof JacksonException json && !json.getPath().isEmpty()) {
			// A value the parser itself refuses, such as a number out of range for its
			// field.
			detail.setDetail("invalid value at " + pointer(json) + ": " + firstLine(json.getOriginalMessage()));
			detail.setProperty("pointer", pointer(json));
		}
		else if (cause instanceof JacksonException json) {
			detail.setDetail("malformed JSON: " + firstLine(json.getOriginalMessage()));
		}
		else {
			detail.setDetail("the request body is missing or is not a JSON job document");
		}
		return handleExceptionInternal(ex, detail, headers, HttpStatus.BAD_REQUEST, request);
	}

	private static String pointer(JacksonException ex) {
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

	/**
	 * What a field of this Java type looks like in JSON, for a caller who sent something
	 * else.
	 */
	private static String expected(Class<?> type) {
		if (type == null) {
			return null;
		}
		if (type == boolean.class || type == Boolean.class) {
			return "true or false";
		}
		if (type == double.class || type == Double.class || type == float.class || type == Float.class) {
			return "a number";
		}
		if (type.isPrimitive() || Number.class.isAssignableFrom(type)) {
			return "a whole number";
		}
		if (type == String.class) {
			return "a string";
		}
		if (type.isArray() || java.util.Collection.class.isAssignableFrom(type)) {
			return "an array";
		}
		if (type.isRecord() || java.util.Map.class.isAssignableFrom(type)) {
			return "an object";
		}
		if (type.isEnum()) {
			// an enum's JSON form is its toString() (Jackson 3's default)
			return "one of " + java.util.Arrays.stream(type.getEnumConstants())
				.map(String::valueOf)
				.collect(java.util.stream.Collectors.joining(", "));
		}
		return null;
	}

	private static String firstLine(String message) {
		if (message == null) {
			return "unreadable";
		}
		int nl = message.indexOf('\n');
		String line = nl < 0 ? message : message.substring(0, nl);
		// Jackson names Java types and its own settings in some messages; keep what a
		// caller can act on.
		return line.replaceAll("\\s*\\(start marker at \\[Source:.*?\\]\\)", "")
			.replaceAll("\\s*at \\[Source:.*$", "")
			.replaceAll("`[a-zA-Z_$][a-zA-Z0-9_$.<>, \\[\\]]*\\.[a-zA-Z0-9_$.<>, \\[\\]]*`", "value")
			.replaceAll("\\(class [^)]*\\)", "")
			.trim();
	}

	/**
	 * The database could not be reached: 503 with Retry-After, never a 500 (readiness
	 * says the same).
	 */
	@ExceptionHandler({ DataAccessResourceFailureException.class, TransientDataAccessException.class,
			RecoverableDataAccessException.class, CannotCreateTransactionException.class })
	ResponseEntity<ProblemDetail> databaseUnavailable(Exception ex) {
		log.warn("The database could not be reached: {}", ex.getMessage());
		return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
			.header(HttpHeaders.RETRY_AFTER, String.valueOf(DatabaseUnavailable.RETRY_AFTER_SECONDS))
			.body(DatabaseUnavailable.problem("nothing was read or stored"));
	}

	/**
	 * Every problem this handler answers, whatever built it, leaves the data root's
	 * absolute path out.
	 */
	@Override
	protected ResponseEntity<Object> createResponseEntity(Object body, HttpHeaders headers, HttpStatusCode statusCode,
			WebRequest request) {
		if (body instanceof ProblemDetail detail && detail.getDetail() != null) {
			detail.setDetail(this.dataRoot.scrub(detail.getDetail()));
		}
		if (body instanceof ProblemDetail detail
				&& (detail.getType() == null || "about:blank".equals(detail.getType().toString()))) {
			detail.setType(Problems.typeOf(statusCode.value()));
		}
		return super.createResponseEntity(body, headers, statusCode, request);
	}

	@ExceptionHandler(Exception.class)
	ProblemDetail unexpected(Exception ex) {
		log.error("Unexpected error", ex);
		ProblemDetail detail = ProblemDetail.forStatusAndDetail(HttpStatus.INTERNAL_SERVER_ERROR,
				"an internal error occurred; the driver log has the details");
		detail.setTitle("Internal error");
		detail.setType(Problems.typeOf(500));
		return detail;
	}

}
