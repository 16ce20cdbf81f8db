package dev.kindling.platform;

import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.core.convert.converter.Converter;
import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtDecoders;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.jwt.SupplierJwtDecoder;
import org.springframework.security.oauth2.server.resource.web.BearerTokenResolver;

/**
 * OpenID Connect bearer tokens ({@code kindling.security.oidc.*}), checked by Spring
 * Security's resource server: the signature against the issuer's JWK set, the expiry, the
 * issuer and, when set, the audience. A valid token's claims name the {@link Caller}: its
 * name ({@code name-claim}, default {@code sub}), its roles ({@code roles-claim}, a list
 * or a space-separated string of {@code viewer}, {@code submitter}, {@code admin}; other
 * values are ignored) and its default pool ({@code pool-claim}).
 */
final class OidcTokens {

	private OidcTokens() {
	}

	/**
	 * The decoder for these settings. The issuer's keys are fetched on the first token,
	 * not at start, so the driver starts while the issuer is away.
	 */
	static JwtDecoder decoder(KindlingProperties.Oidc oidc) {
		boolean issuer = oidc.issuerUri() != null && !oidc.issuerUri().isBlank();
		List<OAuth2TokenValidator<Jwt>> validators = new ArrayList<>();
		validators
			.add(issuer ? JwtValidators.createDefaultWithIssuer(oidc.issuerUri()) : JwtValidators.createDefault());
		if (oidc.audience() != null && !oidc.audience().isBlank()) {
			validators.add(new JwtClaimValidator<Collection<String>>("aud",
					(aud) -> aud != null && aud.contains(oidc.audience())));
		}
		OAuth2TokenValidator<Jwt> validator = new DelegatingOAuth2TokenValidator<>(validators);
		if (oidc.jwkSetUri() != null && !oidc.jwkSetUri().isBlank()) {
			NimbusJwtDecoder decoder = NimbusJwtDecoder.withJwkSetUri(oidc.jwkSetUri()).build();
			decoder.setJwtValidator(validator);
			return decoder;
		}
		return new SupplierJwtDecoder(() -> {
			JwtDecoder decoder = JwtDecoders.fromIssuerLocation(oidc.issuerUri());
			if (decoder instanceof NimbusJwtDecoder nimbus) {
				nimbus.setJwtValidator(validator);
			}
			return decoder;
		});
	}

	/** A token's caller, from its claims. */
	static Converter<Jwt, AbstractAuthenticationToken> converter(KindlingProperties.Oidc oidc) {
		return (jwt) -> {
			Caller caller = caller(jwt, oidc);
			return UsernamePasswordAuthenticationToken.authenticated(caller, null, caller.authorities());
		};
	}

	static Caller caller(Jwt jwt, KindlingProperties.Oidc oidc) {
		String name = jwt.getClaimAsString(oidc.nameClaim());
		if (name == null || name.isBlank()) {
			name = jwt.getSubject();
		}
		name = name == null ? "unnamed" : (name.length() > 200 ? name.substring(0, 200) : name);
		Set<Caller.Role> roles = EnumSet.noneOf(Caller.Role.class);
		Object claim = jwt.getClaims().get(oidc.rolesClaim());
		List<String> values = new ArrayList<>();
		if (claim instanceof Collection<?> list) {
			list.forEach((v) -> values.add(String.valueOf(v)));
		}
		else if (claim instanceof String text) {
			values.addAll(List.of(text.trim().split("\\s+")));
		}
		for (String v : values) {
			Caller.Role role = Caller.Role.parse(v);
			if (role != null) {
				roles.add(role);
			}
		}
		String pool = oidc.poolClaim() == null ? null : jwt.getClaimAsString(oidc.poolClaim());
		return new Caller(name, roles, pool == null || pool.isBlank() ? null : pool);
	}

	/**
	 * Takes bearer tokens that are JWTs and leaves API keys sent as bearer tokens to the
	 * key filter.
	 */
	static BearerTokenResolver jwtOnly() {
		return (HttpServletRequest request) -> {
			String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
			if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
				return null;
			}
			String token = authorization.substring(7).trim();
			return ApiKeyFilter.isJwt(token) ? token : null;
		};
	}

}
