package dev.kindling.platform;

import java.io.IOException;
import java.util.List;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates a caller of the public API that presents an API key, as
 * {@code X-API-Key: <key>} or {@code Authorization: Bearer <key>}, as the principal the
 * key names ({@link Caller}). A missing or unknown key leaves the request anonymous: the
 * authorization rules then answer 401 where a credential is needed. A bearer token that
 * is a JWT is left to the OIDC resource server, which has run before this filter. The
 * presented value is never logged.
 */
class ApiKeyFilter extends OncePerRequestFilter {

	static final String HEADER = "X-API-Key";

	private final ApiKey key;

	ApiKeyFilter(ApiKey key) {
		this.key = key;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (SecurityContextHolder.getContextHolderStrategy().getContext().getAuthentication() == null) {
			String presented = request.getHeader(HEADER);
			if (presented == null) {
				String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
				if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
					presented = authorization.substring(7).trim();
				}
			}
			Caller caller = this.key.find(presented);
			if (caller != null) {
				authenticate(caller, caller.authorities());
			}
		}
		chain.doFilter(request, response);
	}

	static void authenticate(Object principal, String role) {
		authenticate(principal, List.of(new SimpleGrantedAuthority("ROLE_" + role)));
	}

	static void authenticate(Object principal, List<GrantedAuthority> authorities) {
		var authentication = UsernamePasswordAuthenticationToken.authenticated(principal, null, authorities);
		SecurityContext context = SecurityContextHolder.getContextHolderStrategy().createEmptyContext();
		context.setAuthentication(authentication);
		SecurityContextHolder.getContextHolderStrategy().setContext(context);
	}

	/** Whether a bearer token is a JWT (three base64url parts), not an API key. */
	static boolean isJwt(String token) {
		if (token == null || !token.startsWith("eyJ")) {
			return false;
		}
		int first = token.indexOf('.');
		int second = first < 0 ? -1 : token.indexOf('.', first + 1);
		return second > 0 && token.indexOf('.', second + 1) < 0;
	}

}
