package dev.kindling.platform;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * The key the public API asks for ({@code X-API-Key: <key>} or
 * {@code Authorization: Bearer <key>}), and whether it asks at all. Compared in constant
 * time and never logged: {@link #toString()} hides it.
 *
 * <p>
 * The rule (issue 19: safe defaults for real deployments):
 * <ul>
 * <li>a key that is set is always required;</li>
 * <li>without a key the API is open only when anonymous access is asked for
 * ({@code kindling.security.allow-anonymous=true}), or, with that property unset, in
 * local mode while the server listens on a loopback address (local mode listens on
 * 127.0.0.1 unless {@code server.address} says otherwise);</li>
 * <li>any other driver without a key refuses to start, and so does one with
 * {@code kindling.security.api-key-required=true} and no key.</li>
 * </ul>
 * The executor role serves no public API and needs no key.
 */
final class ApiKey {

	private static final String SET_A_KEY = "Set kindling.security.api-key (environment KINDLING_SECURITY_API_KEY) "
			+ "and have clients send it as 'X-API-Key: <key>' or 'Authorization: Bearer <key>'";

	private final byte[] value;

	private final boolean required;

	private ApiKey(String value, boolean required) {
		this.value = value == null ? new byte[0] : value.getBytes(StandardCharsets.UTF_8);
		this.required = required;
	}

	/**
	 * The key of a process with this role and security settings, listening on
	 * {@code address} ({@code server.address}; {@code null} when not set: all interfaces,
	 * but loopback in local mode).
	 * @throws UnsafeConfiguration when the rule above refuses to serve the API
	 */
	static ApiKey from(KindlingProperties.Role role, KindlingProperties.Security security, InetAddress address) {
		boolean set = security.apiKey() != null && !security.apiKey().isBlank();
		if (set) {
			return new ApiKey(security.apiKey(), true);
		}
		if (role == KindlingProperties.Role.EXECUTOR) {
			return new ApiKey(null, false);
		}
		if (security.apiKeyRequired()) {
			throw new UnsafeConfiguration(
					"kindling.security.api-key-required is true but kindling.security.api-key is not set.",
					SET_A_KEY + ", or turn the requirement off.");
		}
		if (security.allowAnonymous() != null) {
			if (security.allowAnonymous()) {
				return new ApiKey(null, false);
			}
			throw new UnsafeConfiguration(
					"kindling.security.allow-anonymous is false but kindling.security.api-key is not set, "
							+ "so no caller could use the API.",
					SET_A_KEY + ".");
		}
		boolean local = role == KindlingProperties.Role.LOCAL;
		if (local && (address == null || address.isLoopbackAddress())) {
			return new ApiKey(null, false);
		}
		String where = address == null ? "every network interface" : address.getHostAddress();
		String who = local ? "Local mode" : "The driver";
		throw new UnsafeConfiguration(
				who + " would serve its API (job submission, dataset uploads, overwrites) on " + where
						+ " to anyone: kindling.security.api-key is not set.",
				SET_A_KEY + "; or, to accept calls without a key on purpose, set "
						+ "kindling.security.allow-anonymous=true"
						+ (local ? "; or leave server.address unset, so local mode listens on 127.0.0.1 only." : "."));
	}

	/** Whether the public API needs the key. */
	boolean required() {
		return this.required;
	}

	/**
	 * Whether a presented key matches, in constant time; nothing matches an unset key.
	 */
	boolean matches(String presented) {
		if (presented == null || this.value.length == 0) {
			return false;
		}
		return MessageDigest.isEqual(this.value, presented.getBytes(StandardCharsets.UTF_8));
	}

	@Override
	public String toString() {
		return "ApiKey[****]";
	}

}
