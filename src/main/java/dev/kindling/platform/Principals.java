package dev.kindling.platform;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The principals the API keys name, by the SHA-256 of their key: a configuration, a
 * Secret or a heap dump holds the hash, never the key. A presented key is hashed and
 * looked up; what a lookup's timing could tell is about the hash, which reveals nothing
 * of the key.
 *
 * <p>
 * Why SHA-256 and not a password hash (bcrypt, Argon2): API keys are generated, not
 * chosen ({@code openssl rand -base64 32}: 256 random bits), so no guessing attack on
 * their hash is feasible, and a key is checked on every request, where a password hash's
 * deliberate 50-100 ms would be the API's latency floor. A low-entropy key (a word, a
 * name) would need a password hash; keys must therefore be random, at least 128 bits
 * (docs/security.md).
 *
 * <p>
 * The single {@code kindling.security.api-key} of earlier versions keeps working: it is
 * the principal {@code admin}, with every role.
 */
final class Principals {

	private static final Pattern SHA256_HEX = Pattern.compile("(?:sha256:)?[0-9a-fA-F]{64}");

	private final Map<String, Caller> byHash;

	private Principals(Map<String, Caller> byHash) {
		this.byHash = Map.copyOf(byHash);
	}

	/**
	 * The principals of these settings.
	 * @throws UnsafeConfiguration when a hash is malformed, or a name or hash repeats
	 */
	static Principals from(KindlingProperties.Security security) {
		Map<String, Caller> byHash = new HashMap<>();
		Set<String> names = new HashSet<>();
		if (security.apiKey() != null && !security.apiKey().isBlank()) {
			byHash.put(sha256(security.apiKey()), new Caller("admin", EnumSet.of(Caller.Role.ADMIN), null));
			names.add("admin");
		}
		List<KindlingProperties.Principal> configured = security.principals() == null ? List.of()
				: security.principals();
		for (int i = 0; i < configured.size(); i++) {
			KindlingProperties.Principal p = configured.get(i);
			String where = "kindling.security.principals[" + i + "]";
			if (p.name() == null || p.name().isBlank() || p.name().length() > 200) {
				throw new UnsafeConfiguration(where + ".name must be 1 to 200 characters.",
						"Give each principal a name: it is recorded as the owner of its jobs.");
			}
			if (p.keyHash() == null || !SHA256_HEX.matcher(p.keyHash().trim()).matches()) {
				throw new UnsafeConfiguration(
						where + ".key-hash must be the SHA-256 of the key in hex (64 characters), not the key.",
						"Hash the key with: printf '%s' \"$KEY\" | sha256sum | cut -d' ' -f1");
			}
			if (!names.add(p.name())) {
				throw new UnsafeConfiguration(where + ".name '" + p.name() + "' is used twice.",
						"Give each principal its own name.");
			}
			String hash = p.keyHash().trim().toLowerCase(Locale.ROOT).replace("sha256:", "");
			Set<Caller.Role> roles = p.roles() == null || p.roles().isEmpty() ? EnumSet.of(Caller.Role.VIEWER)
					: EnumSet.copyOf(p.roles());
			if (byHash.put(hash, new Caller(p.name(), roles, blankToNull(p.pool()))) != null) {
				throw new UnsafeConfiguration(where + ".key-hash is the hash of a key another principal has.",
						"Give each principal its own key.");
			}
		}
		return new Principals(byHash);
	}

	private static String blankToNull(String s) {
		return s == null || s.isBlank() ? null : s.trim();
	}

	/** Whether any key is configured. */
	boolean any() {
		return !this.byHash.isEmpty();
	}

	/** The principal whose key this is, or null. */
	Caller find(String presentedKey) {
		if (presentedKey == null || presentedKey.isEmpty() || presentedKey.length() > 1024) {
			return null;
		}
		return this.byHash.get(sha256(presentedKey));
	}

	/** The pools principals name as their default. */
	Set<String> pools() {
		Set<String> pools = new HashSet<>();
		this.byHash.values().forEach(c -> {
			if (c.pool() != null) {
				pools.add(c.pool());
			}
		});
		return pools;
	}

	/** The SHA-256 of a key's UTF-8 bytes, in lower-case hex. */
	static String sha256(String key) {
		try {
			MessageDigest digest = MessageDigest.getInstance("SHA-256");
			return HexFormat.of().formatHex(digest.digest(key.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	@Override
	public String toString() {
		return "Principals[" + this.byHash.size() + "]";
	}

}
