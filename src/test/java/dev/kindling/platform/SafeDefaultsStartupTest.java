package dev.kindling.platform;

import java.net.InetAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.tomcat.TomcatWebServer;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import dev.kindling.KindlingApplication;
import dev.kindling.testsupport.Http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Kindling started as a user starts it (the application's {@code main} configuration,
 * command-line arguments), in this JVM: a driver without an API key refuses to start with
 * a message naming the properties, and so does local mode on a network address; local
 * mode with no settings listens on loopback only and serves the API without a key.
 */
@ExtendWith(OutputCaptureExtension.class)
class SafeDefaultsStartupTest {

	@TempDir
	Path temp;

	@Test
	void theDriverRoleWithoutAKeyRefusesToStart(CapturedOutput output) {
		assertThatThrownBy(() -> start("--spring.profiles.active=driver", "--kindling.security.shared-secret=s-1"))
			.satisfies((ex) -> assertThat(unsafe(ex)).isNotNull()
				.extracting(Throwable::getMessage)
				.asString()
				.contains("The driver would serve its API", "kindling.security.api-key is not set",
						"kindling.security.allow-anonymous=true"));
		assertThat(output.getOut() + output.getErr()).contains("APPLICATION FAILED TO START")
			.contains("kindling.security.api-key is not set")
			.contains("Action:")
			.contains("kindling.security.allow-anonymous=true");
	}

	@Test
	void localModeOnEveryInterfaceWithoutAKeyRefusesToStart() {
		assertThatThrownBy(() -> start("--server.address=0.0.0.0")).satisfies((ex) -> assertThat(unsafe(ex)).isNotNull()
			.extracting(Throwable::getMessage)
			.asString()
			.contains("Local mode would serve its API", "on 0.0.0.0 to anyone",
					"kindling.security.allow-anonymous=true", "server.address"));
	}

	@Test
	void localModeListensOnLoopbackAndServesWithoutAKey() throws Exception {
		try (ConfigurableApplicationContext context = start()) {
			TomcatWebServer server = (TomcatWebServer) ((WebServerApplicationContext) context).getWebServer();
			Object address = server.getTomcat().getConnector().getProperty("address");
			assertThat(address).isInstanceOf(InetAddress.class);
			assertThat(((InetAddress) address).isLoopbackAddress()).as(String.valueOf(address)).isTrue();
			Http.Response jobs = new Http(server.getPort()).get("/api/v1/jobs");
			assertThat(jobs.status()).as(jobs.text()).isEqualTo(200);
		}
	}

	@Test
	void theDriverRoleStartsWithoutAKeyWhenAnonymousAccessIsAskedFor() {
		try (ConfigurableApplicationContext context = start("--spring.profiles.active=driver",
				"--kindling.security.shared-secret=s-1", "--kindling.security.allow-anonymous=true")) {
			int port = ((WebServerApplicationContext) context).getWebServer().getPort();
			assertThat(new Http(port).get("/api/v1/jobs").status()).isEqualTo(200);
		}
	}

	private ConfigurableApplicationContext start(String... args) {
		List<String> all = new ArrayList<>(List.of("--server.port=0", "--kindling.local.executors=0",
				"--kindling.data.root=" + this.temp.resolve("data"),
				"--spring.datasource.url=jdbc:h2:mem:safe-defaults-" + System.nanoTime()));
		all.addAll(List.of(args));
		return SpringApplication.run(KindlingApplication.class, all.toArray(String[]::new));
	}

	private static UnsafeConfiguration unsafe(Throwable ex) {
		for (Throwable t = ex; t != null; t = t.getCause()) {
			if (t instanceof UnsafeConfiguration unsafe) {
				return unsafe;
			}
		}
		return null;
	}

}
