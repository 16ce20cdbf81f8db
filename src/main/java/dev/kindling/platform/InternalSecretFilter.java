package dev.kindling.platform;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import dev.kindling.protocol.Paths;

/** Refuses any request to {@code /internal/**} that does not carry the cluster secret. */
@Component
class InternalSecretFilter extends OncePerRequestFilter {

	private final ClusterSecret secret;

	InternalSecretFilter(ClusterSecret secret) {
		this.secret = secret;
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		return !request.getRequestURI().startsWith(Paths.BASE + "/") && !request.getRequestURI().equals(Paths.BASE);
	}

	@Override
	protected boolean shouldNotFilterAsyncDispatch() {
		return false;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (!this.secret.matches(request.getHeader(Paths.SECRET_HEADER))) {
			response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
			response.setContentType("application/problem+json");
			response.getWriter()
				.write("{\"type\":\"https://kindling.dev/problems/unauthorized\",\"title\":\"Unauthorized\","
						+ "\"status\":401,\"detail\":\"internal endpoints need the cluster secret\"}");
			return;
		}
		chain.doFilter(request, response);
	}

}
