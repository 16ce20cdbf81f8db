package dev.kindling.platform;

import java.net.InetAddress;
import java.net.UnknownHostException;

import org.junit.jupiter.api.Test;

import dev.kindling.platform.KindlingProperties.Role;
import dev.kindling.platform.KindlingProperties.Security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The rule that decides whether the public API needs a key, or the process refuses to
 * start (issue 19): every combination of role, key, {@code api-key-required},
 * {@code allow-anonymous} and listening address.
 */
class ApiKeyRuleTest {

	static final String KEY = "k-rule-test";

	static final InetAddress ANY = address("0.0.0.0");

	static final InetAddress LAN = address("192.168.1.20");

	static final InetAddress LOOPBACK = address("127.0.0.1");

	static final InetAddress LOOPBACK_V6 = address("::1");

	@Test
	void aKeyThatIsSetIsAlwaysRequired() {
		for (Role role : new Role[] { Role.LOCAL, Role.DRIVER }) {
			for (Boolean anonymous : new Boolean[] { null, true, false }) {
				ApiKey key = ApiKey.from(role, security(KEY, false, anonymous), LOOPBACK);
				assertThat(key.required()).as(role + " " + anonymous).isTrue();
				assertThat(key.matches(KEY)).isTrue();
				assertThat(key.matches("other")).isFalse();
				assertThat(key).hasToString("ApiKey[****]");
			}
		}
	}

	@Test
	void aDriverWithoutAKeyRefusesToStartOnAnyAddress() {
		for (InetAddress address : new InetAddress[] { null, ANY, LAN, LOOPBACK }) {
			assertThatExceptionOfType(UnsafeConfiguration.class)
				.isThrownBy(() -> ApiKey.from(Role.DRIVER, security(null, false, null), address))
				.withMessageContaining("kindling.security.api-key is not set")
				.withMessageContaining("kindling.security.allow-anonymous=true")
				.satisfies((ex) -> assertThat(ex.action()).contains("KINDLING_SECURITY_API_KEY"));
		}
	}

	@Test
	void aDriverServesWithoutAKeyOnlyWhenAskedExplicitly() {
		ApiKey open = ApiKey.from(Role.DRIVER, security(null, false, true), ANY);
		assertThat(open.required()).isFalse();
		assertThat(open.matches("")).isFalse();
	}

	@Test
	void localModeIsOpenOnLoopbackOnly() {
		assertThat(ApiKey.from(Role.LOCAL, security(null, false, null), null).required())
			.as("server.address unset: local mode listens on loopback")
			.isFalse();
		assertThat(ApiKey.from(Role.LOCAL, security(null, false, null), LOOPBACK).required()).isFalse();
		assertThat(ApiKey.from(Role.LOCAL, security(null, false, null), LOOPBACK_V6).required()).isFalse();
		for (InetAddress address : new InetAddress[] { ANY, LAN }) {
			assertThatExceptionOfType(UnsafeConfiguration.class)
				.isThrownBy(() -> ApiKey.from(Role.LOCAL, security(null, false, null), address))
				.withMessageContaining("Local mode would serve its API")
				.withMessageContaining(" on " + address.getHostAddress() + " to anyone")
				.withMessageContaining("kindling.security.allow-anonymous=true")
				.withMessageContaining("server.address");
		}
		assertThat(ApiKey.from(Role.LOCAL, security(null, false, true), ANY).required())
			.as("explicitly allowed on every interface")
			.isFalse();
	}

	@Test
	void anonymousAccessTurnedOffOrAKeyRequiredNeedsAKey() {
		assertThatExceptionOfType(UnsafeConfiguration.class)
			.isThrownBy(() -> ApiKey.from(Role.LOCAL, security(null, false, false), LOOPBACK))
			.withMessageContaining("kindling.security.allow-anonymous is false");
		assertThatExceptionOfType(UnsafeConfiguration.class)
			.isThrownBy(() -> ApiKey.from(Role.LOCAL, security(" ", true, true), LOOPBACK))
			.withMessageContaining("kindling.security.api-key-required is true");
	}

	@Test
	void anExecutorServesNoPublicApiAndNeedsNoKey() {
		assertThat(ApiKey.from(Role.EXECUTOR, security(null, false, null), ANY).required()).isFalse();
	}

	private static Security security(String key, boolean required, Boolean allowAnonymous) {
		return new Security(null, key, required, false, allowAnonymous);
	}

	private static InetAddress address(String literal) {
		try {
			return InetAddress.getByName(literal);
		}
		catch (UnknownHostException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
