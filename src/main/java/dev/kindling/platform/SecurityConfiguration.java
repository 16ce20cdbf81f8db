package dev.kindling.platform;

import java.net.InetAddress;

import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.enums.SecuritySchemeIn;
import io.swagger.v3.oas.annotations.enums.SecuritySchemeType;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.security.SecurityScheme;
import java.io.IOException;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.tomcat.TomcatConnectorCustomizer;
import org.springframework.boot.web.server.ConfigurableWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import org.springframework.security.web.firewall.RequestRejectedHandler;

/**
 * Who may call what. Stateless: no sessions, no CSRF tokens (no cookies to ride on), no
 * login forms; every request carries its credential.
 *
 * <p>
 * Where the driver runs (the {@code driver} and {@code local} roles):
 * <ul>
 * <li>{@code /internal/**}: only holders of the cluster secret (driver and executors,
 * both ways, shuffle fetches included), whatever else is configured;</li>
 * <li>{@code /actuator/health/**} and {@code /actuator/info}: always public
 * (probes);</li>
 * <li>{@code /swagger-ui*} and {@code /v3/api-docs*}: public, because the API's shape is
 * not a secret; calling it from the UI still needs the key;</li>
 * <li>{@code /} and {@code /ui/**}: the web UI's static files, public for the same
 * reason; the UI asks for the key and sends it with its API calls;</li>
 * <li>{@code /actuator/metrics} and {@code /actuator/prometheus}: behind the API key
 * unless {@code kindling.security.public-metrics};</li>
 * <li>everything else, {@code /api/**} included: behind an API key or OIDC token, by role
 * (reads: any role; submitting and cancelling jobs: {@code submitter} or {@code admin};
 * every other write: {@code admin}), or open where {@link ApiKey} allows anonymous access
 * (local mode on loopback, or {@code kindling.security.allow-anonymous}).</li>
 * </ul>
 * On an executor only {@code /actuator/health/**} is public (and metrics with
 * {@code kindling.security.public-metrics}); everything else needs the cluster secret.
 * Refusals are problem details: 401 without a valid credential, 403 with a credential for
 * the other side (an API key on {@code /internal/**}).
 */
@Configuration(proxyBeanMethods = false)
@SecurityScheme(name = "apiKey", type = SecuritySchemeType.APIKEY, in = SecuritySchemeIn.HEADER,
		paramName = ApiKeyFilter.HEADER, description = "an API key (kindling.security.principals, or api-key)")
@SecurityScheme(name = "bearer", type = SecuritySchemeType.HTTP, scheme = "bearer",
		description = "an API key as a bearer token, or an OIDC token (kindling.security.oidc)")
@OpenAPIDefinition(security = { @SecurityRequirement(name = "apiKey"), @SecurityRequirement(name = "bearer") })
class SecurityConfiguration {

	@Bean
	ApiKey apiKey(KindlingProperties properties, Environment environment) {
		return ApiKey.from(properties.role(), properties.security(), serverAddress(environment));
	}

	/**
	 * Local mode listens on the loopback address unless {@code server.address} is set: a
	 * laptop's {@code ./mvnw spring-boot:run} is not an open service on the network.
	 */
	@Bean
	WebServerFactoryCustomizer<ConfigurableWebServerFactory> localModeListensOnLoopback(KindlingProperties properties,
			Environment environment) {
		return (factory) -> {
			if (properties.role() == KindlingProperties.Role.LOCAL && serverAddress(environment) == null) {
				factory.setAddress(InetAddress.getLoopbackAddress());
			}
		};
	}

	/** {@code server.address}, or {@code null} when it is not set. */
	static InetAddress serverAddress(Environment environment) {
		return Binder.get(environment).bind("server.address", InetAddress.class).orElse(null);
	}

	/**
	 * No observation around each security filter, authentication and authorization: with
	 * it, every request (an executor's poll and report included) ran a dozen filters each
	 * wrapped in an observation, a large part of the driver's CPU per task. Requests are
	 * still observed as a whole ({@code http.server.requests}).
	 */
	@Bean
	SecurityObservationSettings securityObservationSettings() {
		return SecurityObservationSettings.noObservations();
	}

	@Bean
	SecurityFilterChain kindlingSecurity(HttpSecurity http, ApiKey apiKey, ClusterSecret secret,
			KindlingProperties properties, ClusterTls tls) throws Exception {
		boolean executor = properties.role() == KindlingProperties.Role.EXECUTOR;
		AuthenticationEntryPoint entryPoint = (request, response, ex) -> unauthorized(request, response, executor);
		http.csrf(AbstractHttpConfigurer::disable)
			.sessionManagement((s) -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.requestCache(AbstractHttpConfigurer::disable)
			.formLogin(AbstractHttpConfigurer::disable)
			.httpBasic(AbstractHttpConfigurer::disable)
			.logout(AbstractHttpConfigurer::disable)
			.addFilterBefore(new InternalSecretFilter(secret, executor, tls.mutual()),
					AnonymousAuthenticationFilter.class)
			.addFilterBefore(new ApiKeyFilter(apiKey), AnonymousAuthenticationFilter.class)
			.exceptionHandling((e) -> e.authenticationEntryPoint(entryPoint)
				.accessDeniedHandler((request, response, ex) -> forbidden(request, response)))
			.authorizeHttpRequests((auth) -> {
				// The first dispatch was authorized; async completions (long polls,
				// ?wait) and error
				// renderings of it are not new requests.
				auth.dispatcherTypeMatchers(DispatcherType.ASYNC, DispatcherType.ERROR).permitAll();
				auth.requestMatchers("/internal/**").hasRole(InternalSecretFilter.ROLE);
				auth.requestMatchers("/actuator/health/**", "/error").permitAll();
				if (executor) {
					if (properties.security().publicMetrics()) {
						auth.requestMatchers("/actuator/prometheus", "/actuator/metrics/**").permitAll();
					}
					auth.anyRequest().hasRole(InternalSecretFilter.ROLE);
					return;
				}
				auth.requestMatchers("/actuator/info").permitAll();
				// The web UI's page, modules and stylesheet hold no data; it asks for the
				// key
				// and sends it with every API call.
				auth.requestMatchers("/", "/ui", "/ui/**", "/favicon.ico").permitAll();
				if (!apiKey.required()) {
					auth.anyRequest().permitAll();
					return;
				}
				auth.requestMatchers("/swagger-ui.html", "/swagger-ui/**", "/v3/api-docs/**").permitAll();
				if (properties.security().publicMetrics()) {
					auth.requestMatchers("/actuator/prometheus", "/actuator/metrics/**").permitAll();
				}
				// The role table of docs/security.md. Owners are checked by the job API
				// itself: a submitter's request for another principal's job is a 404.
				auth.requestMatchers(HttpMethod.GET, "/**").hasAnyRole(ANY_ROLE);
				auth.requestMatchers(HttpMethod.HEAD, "/**").hasAnyRole(ANY_ROLE);
				auth.requestMatchers(HttpMethod.POST, "/api/v1/jobs", "/api/v1/jobs/*/cancel")
					.hasAnyRole(Caller.Role.SUBMITTER.name(), Caller.Role.ADMIN.name());
				auth.anyRequest().hasRole(Caller.Role.ADMIN.name());
			});
		if (!executor && properties.security().oidc().enabled()) {
			KindlingProperties.Oidc oidc = properties.security().oidc();
			http.oauth2ResourceServer((o) -> o.bearerTokenResolver(OidcTokens.jwtOnly())
				.authenticationEntryPoint(entryPoint)
				.jwt((j) -> j.decoder(OidcTokens.decoder(oidc))
					.jwtAuthenticationConverter(OidcTokens.converter(oidc))));
		}
		return http.build();
	}

	private static final String[] ANY_ROLE = { Caller.Role.VIEWER.name(), Caller.Role.SUBMITTER.name(),
			Caller.Role.ADMIN.name() };

	private static void unauthorized(HttpServletRequest request, HttpServletResponse response, boolean executor)
			throws IOException {
		if (InternalSecretFilter.isInternal(request)) {
			response.setHeader("WWW-Authenticate", "KindlingSecret");
			Problems.write(request, response, HttpServletResponse.SC_UNAUTHORIZED, "unauthorized", "Unauthorized",
					"internal endpoints need the cluster secret");
		}
		else if (executor) {
			response.setHeader("WWW-Authenticate", "KindlingSecret");
			Problems.write(request, response, HttpServletResponse.SC_UNAUTHORIZED, "unauthorized", "Unauthorized",
					"an executor serves only /actuator/health without the cluster secret; the public API "
							+ "is on the driver");
		}
		else {
			response.setHeader("WWW-Authenticate", "Bearer realm=\"kindling\"");
			Problems.write(request, response, HttpServletResponse.SC_UNAUTHORIZED, "unauthorized", "Unauthorized",
					"this endpoint needs a credential: send 'X-API-Key: <key>' or 'Authorization: Bearer <key "
							+ "or token>'; a key or token that is unknown, expired or badly signed counts as none");
		}
	}

	private static void forbidden(HttpServletRequest request, HttpServletResponse response) throws IOException {
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		String detail;
		if (authentication != null && authentication.getPrincipal() instanceof Caller caller) {
			String needs = HttpMethod.GET.matches(request.getMethod()) ? "a role" : needs(request);
			detail = "principal '" + caller.name() + "' (roles " + caller.roleLabels() + ") may not "
					+ request.getMethod() + " " + request.getRequestURI() + ": that needs " + needs;
		}
		else {
			detail = "this credential does not give access to " + request.getRequestURI();
		}
		Problems.write(request, response, HttpServletResponse.SC_FORBIDDEN, "forbidden", "Forbidden", detail);
	}

	private static String needs(HttpServletRequest request) {
		String uri = request.getRequestURI();
		if (HttpMethod.POST.matches(request.getMethod())
				&& (uri.equals("/api/v1/jobs") || (uri.startsWith("/api/v1/jobs/") && uri.endsWith("/cancel")))) {
			return "the submitter or admin role";
		}
		return "the admin role";
	}

	/**
	 * A request the firewall refuses (an encoded slash or dot, {@code ..} or {@code //}
	 * in the URL, a bad header) is a 400 problem detail, not an error page.
	 */
	@Bean
	RequestRejectedHandler problemOnRejectedRequest() {
		return (request, response, ex) -> Problems.write(request, response, HttpServletResponse.SC_BAD_REQUEST,
				"rejected-request", "Rejected request",
				"the request URL or headers are not accepted (encoded or relative path segments, or control "
						+ "characters)");
	}

	/**
	 * Tomcat answers an encoded slash ({@code %2F}) in a URL with its own HTML error
	 * page; passed through, the request meets the firewall above instead, which refuses
	 * it as a problem detail.
	 */
	@Bean
	TomcatConnectorCustomizer encodedSlashesToTheFirewall() {
		return (connector) -> connector.setEncodedSolidusHandling("passthrough");
	}

	/**
	 * No users: credentials are the API key and the cluster secret, checked by filters.
	 * This bean keeps Spring Boot from creating a default user and printing its password
	 * in the log.
	 */
	@Bean
	UserDetailsService noUsers() {
		return new InMemoryUserDetailsManager();
	}

}
