package dev.kindling.platform;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import javax.net.ssl.SSLContext;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.ssl.PemSslBundleProperties;
import org.springframework.boot.autoconfigure.ssl.SslProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.boot.ssl.DefaultSslBundleRegistry;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.pem.PemSslStoreBundle;
import org.springframework.boot.ssl.pem.PemSslStoreDetails;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.Ssl;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import dev.kindling.testsupport.TestCertificates;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What {@code kindling.tls.*} refuses before anything listens or calls out: a bundle that
 * is not there or cannot check peers, plain-HTTP URLs where TLS is on, and a hand-made
 * {@code server.ssl} that would never ask for the client certificates mutual TLS needs.
 * Real certificates, from a test authority.
 */
class ClusterTlsTest {

	@TempDir
	static Path dir;

	static DefaultSslBundleRegistry bundles;

	static TestCertificates ca;

	static TestCertificates.Issued member;

	static TestCertificates.Issued rogue;

	@BeforeAll
	static void certificates() {
		ca = TestCertificates.authority(dir.resolve("ca"), "Kindling ClusterTlsTest CA");
		member = ca.issue("member", "dns:localhost");
		rogue = TestCertificates.authority(dir.resolve("other-ca"), "Some other CA").issue("rogue", "dns:localhost");
		bundles = new DefaultSslBundleRegistry();
		bundles.registerBundle("cluster",
				SslBundle.of(new PemSslStoreBundle(
						PemSslStoreDetails.forCertificate("file:" + member.certificate())
							.withPrivateKey("file:" + member.privateKey()),
						PemSslStoreDetails.forCertificate("file:" + ca.certificate()))));
		bundles.registerBundle("no-trust",
				SslBundle.of(new PemSslStoreBundle(PemSslStoreDetails.forCertificate("file:" + member.certificate())
					.withPrivateKey("file:" + member.privateKey()), null)));
		bundles.registerBundle("trust-only", SslBundle
			.of(new PemSslStoreBundle(null, PemSslStoreDetails.forCertificate("file:" + ca.certificate()))));
	}

	private static KindlingProperties properties(String... pairs) {
		Map<String, String> map = new HashMap<>();
		for (int i = 0; i < pairs.length; i += 2) {
			map.put(pairs[i], pairs[i + 1]);
		}
		return new Binder(new MapConfigurationPropertySource(map)).bindOrCreate("kindling", KindlingProperties.class);
	}

	@Test
	void withoutABundleEverythingIsPlainHttp() {
		ClusterTls tls = ClusterTls
			.from(properties("kindling.role", "executor", "kindling.driver.url", "http://d:8080"), bundles);

		assertThat(tls.enabled()).isFalse();
		assertThat(tls.mutual()).isFalse();
		assertThat(tls.scheme()).isEqualTo("http");
		assertThat(tls.accepts("http://d:8080")).isTrue();
	}

	@Test
	void withABundleOnlyHttpsUrlsAreAcceptedAndClientCertificatesAreRequired() {
		ClusterTls tls = ClusterTls.from(properties("kindling.role", "executor", "kindling.tls.bundle", "cluster",
				"kindling.driver.url", "https://driver:8080"), bundles);

		assertThat(tls.enabled()).isTrue();
		assertThat(tls.mutual()).as("mutual TLS is the default").isTrue();
		assertThat(tls.scheme()).isEqualTo("https");
		assertThat(tls.accepts("https://exec-1.kindling:8080")).isTrue();
		assertThat(tls.accepts("http://exec-1.kindling:8080")).isFalse();
		assertThat(tls.accepts(null)).isFalse();
		assertThat(
				ClusterTls.from(properties("kindling.tls.bundle", "cluster", "kindling.tls.mutual", "false"), bundles)
					.mutual())
			.isFalse();
	}

	@Test
	void anExecutorRefusesToStartWithAPlainHttpDriverOrAdvertisedUrl() {
		assertThatThrownBy(() -> ClusterTls.from(properties("kindling.role", "executor", "kindling.tls.bundle",
				"cluster", "kindling.driver.url", "http://driver:8080"), bundles))
			.isInstanceOf(UnsafeConfiguration.class)
			.hasMessageContaining("kindling.driver.url is 'http://driver:8080', plain HTTP, while TLS is on");
		assertThatThrownBy(
				() -> ClusterTls.from(
						properties("kindling.role", "executor", "kindling.tls.bundle", "cluster", "kindling.driver.url",
								"https://driver:8080", "kindling.executor.advertise-url", "http://10.0.0.7:8080"),
						bundles))
			.isInstanceOf(UnsafeConfiguration.class)
			.hasMessageContaining("kindling.executor.advertise-url is 'http://10.0.0.7:8080', plain HTTP");
	}

	@Test
	void aBundleThatIsMissingOrCannotPresentOrCheckACertificateIsRefused() {
		assertThatThrownBy(() -> ClusterTls.from(properties("kindling.tls.bundle", "typo"), bundles))
			.isInstanceOf(UnsafeConfiguration.class)
			.hasMessageContaining("kindling.tls.bundle is 'typo', and no SSL bundle has that name");
		assertThatThrownBy(() -> ClusterTls.from(properties("kindling.tls.bundle", "no-trust"), bundles))
			.isInstanceOf(UnsafeConfiguration.class)
			.hasMessageContaining("has no trust store");
		assertThatThrownBy(() -> ClusterTls.from(properties("kindling.tls.bundle", "trust-only"), bundles))
			.isInstanceOf(UnsafeConfiguration.class)
			.hasMessageContaining("has no certificate and key");
	}

	@Test
	void theServerServesTheBundleAndAsksForClientCertificatesUnlessServerSslIsSetByHand() {
		ClusterTls tls = ClusterTls.from(properties("kindling.tls.bundle", "cluster"), bundles);
		TomcatServletWebServerFactory factory = new TomcatServletWebServerFactory();

		new TlsConfiguration().clusterTlsServer(tls, bundles).customize(factory);

		assertThat(factory.getSsl().getBundle()).isEqualTo("cluster");
		assertThat(factory.getSsl().getClientAuth()).as("asked for, required on internal paths only")
			.isEqualTo(Ssl.ClientAuth.WANT);
		TomcatServletWebServerFactory byHand = new TomcatServletWebServerFactory();
		byHand.setSsl(Ssl.forBundle("public"));
		assertThatThrownBy(() -> new TlsConfiguration().clusterTlsServer(tls, bundles).customize(byHand))
			.isInstanceOf(UnsafeConfiguration.class)
			.hasMessageContaining("server.ssl is configured without client-auth while kindling.tls.mutual is on");
		byHand.getSsl().setClientAuth(Ssl.ClientAuth.WANT);
		new TlsConfiguration().clusterTlsServer(tls, bundles).customize(byHand);
		assertThat(byHand.getSsl().getBundle()).as("server.ssl set by hand wins").isEqualTo("public");
	}

	@Test
	void withoutTheExecutorHostNameCheckAPeerIsCheckedByItsAuthorityAndTheDriverStillByName() throws Exception {
		ClusterTls checking = ClusterTls.from(properties("kindling.tls.bundle", "cluster"), bundles);
		ClusterTls chainOnly = ClusterTls.from(
				properties("kindling.tls.bundle", "cluster", "kindling.tls.check-executor-host-names", "false"),
				bundles);
		HttpsServer memberServer = serve(member.clientContext(ca));
		HttpsServer rogueServer = serve(rogue.clientContext(ca));
		try {
			// Dialled by IP, as executors advertise pod IPs: the certificate names
			// localhost.
			URI byIp = URI.create("https://127.0.0.1:" + memberServer.getAddress().getPort() + "/");

			assertThat(get(chainOnly.newPeerClient(Duration.ofSeconds(5)), byIp)).isEqualTo(204);
			assertThatThrownBy(() -> get(checking.newPeerClient(Duration.ofSeconds(5)), byIp))
				.as("by default the name is checked between executors too")
				.isInstanceOf(IOException.class);
			assertThatThrownBy(() -> get(chainOnly.newClient(Duration.ofSeconds(5)), byIp))
				.as("the driver's name is always checked")
				.isInstanceOf(IOException.class);
			URI rogueByIp = URI.create("https://127.0.0.1:" + rogueServer.getAddress().getPort() + "/");
			assertThatThrownBy(() -> get(chainOnly.newPeerClient(Duration.ofSeconds(5)), rogueByIp))
				.as("a peer whose certificate another authority signed is refused")
				.isInstanceOf(IOException.class);
		}
		finally {
			memberServer.stop(0);
			rogueServer.stop(0);
		}
	}

	private static HttpsServer serve(SSLContext context) throws IOException {
		HttpsServer server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		server.setHttpsConfigurator(new HttpsConfigurator(context));
		server.createContext("/", (exchange) -> {
			exchange.sendResponseHeaders(204, -1);
			exchange.close();
		});
		server.start();
		return server;
	}

	private static int get(HttpClient client, URI uri) throws IOException, InterruptedException {
		return client
			.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
					HttpResponse.BodyHandlers.discarding())
			.statusCode();
	}

	@Test
	void theChartsEnvironmentVariablesBindToTheClusterBundleAndTheTlsSettings() {
		// The names helm/kindling sets (HelmChartTest checks that it renders these).
		Map<String, Object> env = new HashMap<>();
		env.put("SPRING_SSL_BUNDLE_PEM_CLUSTER_KEYSTORE_CERTIFICATE", "file:/etc/kindling/tls/tls.crt");
		env.put("SPRING_SSL_BUNDLE_PEM_CLUSTER_KEYSTORE_PRIVATEKEY", "file:/etc/kindling/tls/tls.key");
		env.put("SPRING_SSL_BUNDLE_PEM_CLUSTER_TRUSTSTORE_CERTIFICATE", "file:/etc/kindling/tls/ca.crt");
		env.put("KINDLING_TLS_BUNDLE", "cluster");
		env.put("KINDLING_TLS_MUTUAL", "true");
		env.put("KINDLING_TLS_CHECK_EXECUTOR_HOST_NAMES", "false");
		Binder binder = new Binder(ConfigurationPropertySources.from(
				new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, env)));

		PemSslBundleProperties bundle = binder.bindOrCreate("spring.ssl", SslProperties.class)
			.getBundle()
			.getPem()
			.get("cluster");
		KindlingProperties.Tls tls = binder.bindOrCreate("kindling", KindlingProperties.class).tls();

		assertThat(bundle).as("the bundle named cluster").isNotNull();
		assertThat(bundle.getKeystore().getCertificate()).isEqualTo("file:/etc/kindling/tls/tls.crt");
		assertThat(bundle.getKeystore().getPrivateKey()).isEqualTo("file:/etc/kindling/tls/tls.key");
		assertThat(bundle.getTruststore().getCertificate()).isEqualTo("file:/etc/kindling/tls/ca.crt");
		assertThat(tls.bundle()).isEqualTo("cluster");
		assertThat(tls.mutual()).isTrue();
		assertThat(tls.checkExecutorHostNames()).isFalse();
	}

}
