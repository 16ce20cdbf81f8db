package dev.kindling.platform;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * The secret driver and executors present to each other on {@code /internal/**}.
 * Configured with {@code kindling.security.shared-secret}; in local mode without one, a
 * random secret per start (driver and executors share the JVM). Compared in constant time
 * and never logged.
 */
public final class ClusterSecret {

	private final String value;

	private ClusterSecret(String value) {
		this.value = value;
	}

	static ClusterSecret from(KindlingProperties properties) {
		String configured = properties.security().sharedSecret();
		if (configured != null && !configured.isBlank()) {
			return new ClusterSecret(configured);
		}
		if (properties.role() == KindlingProperties.Role.LOCAL) {
			byte[] random = new byte[24];
			new SecureRandom().nextBytes(random);
			return new ClusterSecret(HexFormat.of().formatHex(random));
		}
		throw new UnsafeConfiguration(
				"kindling.security.shared-secret is not set; the "
						+ properties.role().name().toLowerCase(java.util.Locale.ROOT)
						+ " role needs it to talk to the rest of the cluster.",
				"Set kindling.security.shared-secret (environment KINDLING_SECURITY_SHARED_SECRET) to the same value "
						+ "on the driver and every executor.");
	}

	/** The value to send in the secret header. */
	public String value() {
		return this.value;
	}

	/** Whether a presented secret matches, in constant time. */
	public boolean matches(String presented) {
		if (presented == null) {
			return false;
		}
		return MessageDigest.isEqual(this.value.getBytes(StandardCharsets.UTF_8),
				presented.getBytes(StandardCharsets.UTF_8));
	}

	@Override
	public String toString() {
		return "ClusterSecret[****]";
	}

}
