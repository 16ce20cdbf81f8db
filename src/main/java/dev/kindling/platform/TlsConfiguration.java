package dev.kindling.platform;

import org.springframework.boot.ssl.SslBundles;
import org.springframework.boot.web.server.AbstractConfigurableWebServerFactory;
import org.springframework.boot.web.server.ConfigurableWebServerFactory;
import org.springframework.boot.web.server.Ssl;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * HTTPS from {@code kindling.tls.bundle}: the one port serves the public API and the
 * internal endpoints with the bundle's certificate, and, with mutual TLS, asks every
 * client for a certificate without requiring one in the handshake (clients of the public
 * API and the kubelet's probes have none; a certificate the trust store does not accept
 * fails the handshake). Which paths require the certificate is
 * {@link InternalSecretFilter}'s business. {@code server.ssl.*} set by hand wins (for
 * instance a public certificate for the API), as long as it asks for client certificates
 * where mutual TLS is on.
 */
@Configuration(proxyBeanMethods = false)
class TlsConfiguration {

	@Bean
	ClusterTls clusterTls(KindlingProperties properties, SslBundles bundles) {
		return ClusterTls.from(properties, bundles);
	}

	@Bean
	WebServerFactoryCustomizer<ConfigurableWebServerFactory> clusterTlsServer(ClusterTls tls, SslBundles bundles) {
		return (factory) -> {
			if (!tls.enabled()) {
				return;
			}
			Ssl configured = (factory instanceof AbstractConfigurableWebServerFactory web) ? web.getSsl() : null;
			if (Ssl.isEnabled(configured)) {
				if (tls.mutual()
						&& (configured.getClientAuth() == null || configured.getClientAuth() == Ssl.ClientAuth.NONE)) {
					throw new UnsafeConfiguration(
							"server.ssl is configured without client-auth while kindling.tls.mutual is on, so the "
									+ "internal endpoints would never receive a client certificate.",
							"Set server.ssl.client-auth=want, or leave server.ssl unset so that "
									+ "kindling.tls.bundle configures the server.");
				}
				return;
			}
			Ssl ssl = Ssl.forBundle(tls.bundle());
			ssl.setClientAuth(tls.mutual() ? Ssl.ClientAuth.WANT : Ssl.ClientAuth.NONE);
			factory.setSsl(ssl);
			factory.setSslBundles(bundles);
		};
	}

}
