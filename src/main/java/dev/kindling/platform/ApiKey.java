package dev.kindling.platform;

import java.net.InetAddress;

/**
 * The keys the public API asks for ({@code X-API-Key: <key>} or
 * {@code Authorization: Bearer <key>}), the principals they name ({@link Principals}),
 * and whether the API asks at all. Only hashes of keys are kept, and none is logged:
 * {@link #toString()} hides them.
 *
 * <p>
 * The rule (issue 19: safe defaults for real deployments):
 * <ul>
 * <li>a key that is set ({@code api-key}, a principal, or an OIDC issuer) is always
 * required;</li>
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

	private final Principals principals;

	private final boolean required;

	private ApiKey(Principals principals, boolean required) {
		this.principals = principals;
		this.required = required;
	}

	private static ApiKey open() {
		return new ApiKey(Principals.from(new KindlingProperties.Security(null, null, false, false, null)), false);
	}

	/**
	 * The key of a process with this role and security settings, listening on
	 * {@code address} ({@code server.address}; {@code null} when not set: all interfaces,
	 * but loopback in local mode).
	 * @throws UnsafeConfiguration when the rule above refuses to serve the API
	 */
	static ApiKey from(KindlingProperties.Role role, KindlingProperties.Security security, InetAddress address) {
		if (role == KindlingProperties.Role.EXECUTOR) {
			return open();
		}
		Principals principals = Principals.from(security);
		if (principals.any() || security.oidc().enabled()) {
			return new ApiKey(principals, true);
		}
		if (security.apiKeyRequired()) {
			throw new UnsafeConfiguration(
					"kindling.security.api-key-required is true but kindling.security.api-key is not set.",
					SET_A_KEY + ", or turn the requirement off.");
		}
		if (security.allowAnonymous() != null) {
			if (security.allowAnonymous()) {
				return open();
			}
			throw new UnsafeConfiguration(
					"kindling.security.allow-anonymous is false but kindling.security.api-key is not set, "
							+ "so no caller could use the API.",
					SET_A_KEY + ".");
		}
		boolean local = role == KindlingProperties.Role.LOCAL;
		if (local && (address == null || address.isLoopbackAddress())) {
			return open();
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

	/** Whether a presented key names a principal; nothing matches where none is set. */
	boolean matches(String presented) {
		return find(presented) != null;
	}

	/** The principal a presented key names, or null. */
	Caller find(String presented) {
		return this.principals.find(presented);
	}

	/** The pools principals name as their default. */
	java.util.Set<String> principalPools() {
		return this.principals.pools();
	}

	@Override
	public String toString() {
		return "ApiKey[****]";
	}

}
