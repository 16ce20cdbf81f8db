package dev.kindling.platform;

import java.io.IOException;
import java.security.cert.X509Certificate;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.web.filter.OncePerRequestFilter;

import dev.kindling.protocol.Paths;

/**
 * Guards {@code /internal/**} (the driver's executor protocol, and every executor's
 * shuffle and command endpoints): a request without the cluster secret in
 * {@value Paths#SECRET_HEADER}, or with a wrong one, is answered 401 here, before any
 * controller; one with the secret is authenticated as a cluster member. On an executor
 * ({@code everywhere}) a request for any other path that carries the secret is
 * authenticated too, so the authorization rules can keep the executor's metrics and API
 * documentation for cluster members. With mutual TLS ({@link ClusterTls#mutual()}) the
 * secret counts only with a client certificate the cluster's certificate authority signed
 * (the TLS handshake has already refused any other certificate): the certificate is the
 * first factor, the secret the second. Runs inside the Spring Security filter chain
 * ({@link SecurityConfiguration}).
 */
class InternalSecretFilter extends OncePerRequestFilter {

	static final String ROLE = "CLUSTER";

	private final ClusterSecret secret;

	private final boolean everywhere;

	private final boolean requireCertificate;

	InternalSecretFilter(ClusterSecret secret, boolean everywhere, boolean requireCertificate) {
		this.secret = secret;
		this.everywhere = everywhere;
		this.requireCertificate = requireCertificate;
	}

	/** Whether the TLS handshake verified a client certificate. */
	private boolean certified(HttpServletRequest request) {
		return !this.requireCertificate
				|| request.getAttribute("jakarta.servlet.request.X509Certificate") instanceof X509Certificate[] chain
						&& chain.length > 0;
	}

	static boolean isInternal(HttpServletRequest request) {
		String path = request.getRequestURI().substring(request.getContextPath().length());
		return path.equals(Paths.BASE) || path.startsWith(Paths.BASE + "/");
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		return !this.everywhere && !isInternal(request);
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		boolean certified = certified(request);
		if (!isInternal(request)) {
			if (certified && this.secret.matches(request.getHeader(Paths.SECRET_HEADER))) {
				ApiKeyFilter.authenticate("cluster-member", ROLE);
			}
			chain.doFilter(request, response);
			return;
		}
		if (!certified) {
			response.setHeader("WWW-Authenticate", "KindlingSecret");
			Problems.write(request, response, HttpServletResponse.SC_UNAUTHORIZED, "unauthorized", "Unauthorized",
					"internal endpoints need a client certificate signed by the cluster's certificate authority "
							+ "(mutual TLS)");
			return;
		}
		if (!this.secret.matches(request.getHeader(Paths.SECRET_HEADER))) {
			response.setHeader("WWW-Authenticate", "KindlingSecret header=\"" + Paths.SECRET_HEADER + "\"");
			Problems.write(request, response, HttpServletResponse.SC_UNAUTHORIZED, "unauthorized", "Unauthorized",
					"internal endpoints need the cluster secret");
			return;
		}
		ApiKeyFilter.authenticate("cluster-member", ROLE);
		chain.doFilter(request, response);
	}

}
