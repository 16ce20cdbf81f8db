package dev.kindling.platform;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes an RFC 9457 problem detail straight to a servlet response, for the filters that
 * answer before Spring MVC runs (authentication, request size). Controllers use
 * {@link ProblemHandler}.
 */
final class Problems {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private Problems() {
	}

	/**
	 * The type of a problem nothing more specific describes, named after its status:
	 * {@code https://kindling.dev/problems/method-not-allowed} (never
	 * {@code about:blank}).
	 */
	static java.net.URI typeOf(int status) {
		org.springframework.http.HttpStatus known = org.springframework.http.HttpStatus.resolve(status);
		String name = known == null ? "http-" + status
				: known.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
		return java.net.URI.create("https://kindling.dev/problems/" + name);
	}

	static void write(HttpServletRequest request, HttpServletResponse response, int status, String type, String title,
			String detail) throws IOException {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("type", "https://kindling.dev/problems/" + type);
		body.put("title", title);
		body.put("status", status);
		body.put("detail", detail);
		body.put("instance", request.getRequestURI());
		response.setStatus(status);
		response.setContentType("application/problem+json");
		response.setCharacterEncoding("UTF-8");
		response.getOutputStream().write(JSON.writeValueAsBytes(body));
	}

}
