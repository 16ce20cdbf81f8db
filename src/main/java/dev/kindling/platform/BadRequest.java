package dev.kindling.platform;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * 400 for a request whose content is wrong; names the field (a JSON pointer) or
 * parameter. When several independent things are wrong, {@code errors} lists each (its
 * {@code detail} and {@code pointer} or {@code parameter}); the problem's own
 * {@code detail} and {@code pointer} are the first's.
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

	/**
	 * Gathers the independent mistakes of one request, so that all of them are answered
	 * at once.
	 */
	public static final class Collector {

		private final List<Map<String, String>> errors = new ArrayList<>();

		/** A mistake in the body at {@code pointer}. */
		public Collector field(String pointer, String message) {
			this.errors.add(entry("pointer", pointer, message));
			return this;
		}

		/** A mistake in a query parameter or header. */
		public Collector parameter(String name, String message) {
			this.errors.add(entry("parameter", name, message));
			return this;
		}

		/** Whether a mistake has been found. */
		public boolean any() {
			return !this.errors.isEmpty();
		}

		/**
		 * @throws BadRequest with every mistake found, the first as its detail
		 */
		public void throwIfAny() {
			if (this.errors.isEmpty()) {
				return;
			}
			Map<String, String> first = this.errors.get(0);
			BadRequest error = first.containsKey("parameter")
					? BadRequest.parameter(first.get("parameter"), first.get("detail"))
					: BadRequest.of(first.get("pointer"), first.get("detail"));
			error.getBody().setProperty("errors", List.copyOf(this.errors));
			throw error;
		}

		private static Map<String, String> entry(String kind, String where, String message) {
			Map<String, String> e = new LinkedHashMap<>();
			e.put("detail", message);
			e.put(kind, where);
			return e;
		}

	}

}
