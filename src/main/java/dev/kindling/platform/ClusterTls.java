package dev.kindling.platform;

import java.net.URI;
import java.net.http.HttpClient;
import java.security.KeyStore;
import java.security.KeyStoreException;
import java.time.Duration;
import java.util.Collections;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

import org.springframework.boot.ssl.NoSuchSslBundleException;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;

/**
 * TLS between the members of a cluster: the Spring Boot SSL bundle named by
 * {@code kindling.tls.bundle} holds this process's certificate and key, which it serves
 * HTTPS with and presents as a client, and the certificate authority it checks its peers
 * against. With it, every call an executor makes (to the driver, and to other executors
 * for shuffle blocks) is HTTPS that verifies the peer's certificate against that trust
 * store and its host name against the URL, and presents this process's certificate; a URL
 * that is plain HTTP is refused. With {@code kindling.tls.mutual} (the default) the
 * internal endpoints require that client certificate ({@link InternalSecretFilter}); the
 * cluster secret is still checked as a second factor.
 */
public final class ClusterTls {

	private static final ClusterTls OFF = new ClusterTls(null, null, null, false);

	private final String bundle;

	private final SSLContext context;

	/**
	 * For calls to other executors: {@link #context}, or one that checks no host name.
	 */
	private final SSLContext peerContext;

	private final boolean mutual;

	private ClusterTls(String bundle, SSLContext context, SSLContext peerContext, boolean mutual) {
		this.bundle = bundle;
		this.context = context;
		this.peerContext = peerContext;
		this.mutual = mutual;
	}

	/** Plain HTTP, no client certificates. */
	public static ClusterTls off() {
		return OFF;
	}

	/**
	 * From {@code kindling.tls.*}; refuses a bundle that does not exist, one without a
	 * key or without a trust store, and an executor whose URLs are plain HTTP.
	 */
	static ClusterTls from(KindlingProperties properties, SslBundles bundles) {
		KindlingProperties.Tls tls = properties.tls();
		if (!tls.enabled()) {
			return OFF;
		}
		SslBundle bundle;
		try {
			bundle = bundles.getBundle(tls.bundle());
		}
		catch (NoSuchSslBundleException ex) {
			throw new UnsafeConfiguration(
					"kindling.tls.bundle is '" + tls.bundle() + "', and no SSL bundle has that name.",
					"Define it with spring.ssl.bundle.pem." + tls.bundle() + ".keystore.certificate, "
							+ "...keystore.private-key and ...truststore.certificate (or spring.ssl.bundle.jks."
							+ tls.bundle() + ".*), or unset kindling.tls.bundle for plain HTTP.");
		}
		if (isEmpty(bundle.getStores().getKeyStore())) {
			throw new UnsafeConfiguration(
					"The SSL bundle '" + tls.bundle() + "' (kindling.tls.bundle) has no certificate and key.",
					"Give it this process's certificate and private key: spring.ssl.bundle.pem." + tls.bundle()
							+ ".keystore.certificate and ...keystore.private-key.");
		}
		if (isEmpty(bundle.getStores().getTrustStore())) {
			throw new UnsafeConfiguration(
					"The SSL bundle '" + tls.bundle() + "' (kindling.tls.bundle) has no trust store, so peers "
							+ "could not be checked.",
					"Give it the certificate authority of the cluster: spring.ssl.bundle.pem." + tls.bundle()
							+ ".truststore.certificate.");
		}
		SSLContext context = bundle.createSslContext();
		SSLContext peerContext = tls.checkExecutorHostNames() ? context : ChainOnlyTrust.context(bundle);
		ClusterTls clusterTls = new ClusterTls(tls.bundle(), context, peerContext, tls.mutual());
		if (properties.role() == KindlingProperties.Role.EXECUTOR) {
			clusterTls.requireHttps("kindling.driver.url", properties.driver().url());
			clusterTls.requireHttps("kindling.executor.advertise-url", properties.executor().advertiseUrl());
		}
		return clusterTls;
	}

	private static boolean isEmpty(KeyStore store) {
		try {
			return store == null || Collections.list(store.aliases()).isEmpty();
		}
		catch (KeyStoreException ex) {
			return true;
		}
	}

	public boolean enabled() {
		return this.context != null;
	}

	/** The SSL bundle's name, or null when TLS is off. */
	public String bundle() {
		return this.bundle;
	}

	/** Whether internal endpoints require a client certificate. */
	public boolean mutual() {
		return enabled() && this.mutual;
	}

	/** {@code https} with TLS, else {@code http}. */
	public String scheme() {
		return enabled() ? "https" : "http";
	}

	/**
	 * Whether a member of the cluster may be reached at this URL: HTTPS when TLS is on.
	 */
	public boolean accepts(String url) {
		if (!enabled()) {
			return true;
		}
		try {
			return url != null && "https".equalsIgnoreCase(URI.create(url).getScheme());
		}
		catch (IllegalArgumentException ex) {
			return false;
		}
	}

	/** Refuses to start with a plain-HTTP URL where TLS is required (null is allowed). */
	void requireHttps(String property, String url) {
		if (url != null && !url.isBlank() && !accepts(url)) {
			throw new UnsafeConfiguration(
					property + " is '" + url + "', plain HTTP, while TLS is on (kindling.tls.bundle is '" + this.bundle
							+ "').",
					"Use an https:// URL whose host name the peer's certificate names, or unset kindling.tls.bundle.");
		}
	}

	/**
	 * A client for calls to other members: HTTP/1.1; with TLS, it presents this process's
	 * certificate, trusts only the bundle's trust store, and checks that the peer's
	 * certificate names the host it dialled.
	 */
	public HttpClient newClient(Duration connectTimeout) {
		return newClient(connectTimeout, this.context);
	}

	/**
	 * A client for calls to other executors: as {@link #newClient}, except that with
	 * {@code kindling.tls.check-executor-host-names} off the peer's certificate must be
	 * signed by the bundle's authority but need not name the host dialled.
	 */
	public HttpClient newPeerClient(Duration connectTimeout) {
		return newClient(connectTimeout, this.peerContext);
	}

	private static HttpClient newClient(Duration connectTimeout, SSLContext context) {
		HttpClient.Builder builder = HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_1_1)
			.connectTimeout(connectTimeout);
		if (context != null) {
			SSLParameters parameters = context.getDefaultSSLParameters();
			parameters.setEndpointIdentificationAlgorithm("HTTPS");
			builder.sslContext(context).sslParameters(parameters);
		}
		return builder.build();
	}

	@Override
	public String toString() {
		return enabled() ? "ClusterTls[bundle=" + this.bundle + ", mutual=" + this.mutual + "]" : "ClusterTls[off]";
	}

}
