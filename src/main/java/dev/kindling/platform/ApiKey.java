package dev.kindling.platform;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * The key the public API asks for when {@code kindling.security.api-key-required} is set
 * ({@code X-API-Key: <key>} or {@code Authorization: Bearer <key>}). Compared in constant
 * time and never logged: {@link #toString()} hides it.
 */
final class ApiKey {

	private final byte[] value;

	private final boolean required;

	private ApiKey(String value, boolean required) {
		this.value = value == null ? new byte[0] : value.getBytes(StandardCharsets.UTF_8);
		this.required = required;
	}

	/**
	 * @throws IllegalStateException when the key is required but not set, so the driver
	 * never starts open while its operator believes it is closed
	 */
	static ApiKey from(KindlingProperties.Security security) {
		boolean set = security.apiKey() != null && !security.apiKey().isBlank();
		if (security.apiKeyRequired() && !set) {
			throw new IllegalStateException("kindling.security.api-key-required is true but kindling.security.api-key "
					+ "is not set; set KINDLING_SECURITY_API_KEY (or turn the requirement off for a local run)");
		}
		return new ApiKey(set ? security.apiKey() : null, security.apiKeyRequired());
	}

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
