package dev.kindling.platform;

import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;

import org.springframework.boot.ssl.SslBundle;

/**
 * Trusts a server whose certificate chain the bundle's trust store accepts, whatever host
 * name it names: for calls between executors that advertise pod IPs, which a certificate
 * shared by a Deployment's pods cannot name. The chain is still checked in full (the
 * cluster's own authority, validity, key usage); only the name check is left out, as the
 * two-argument {@code checkServerTrusted} of the JDK's trust manager does. The JDK's HTTP
 * client asks for the name check through the {@link SSLEngine}, which this ignores.
 */
final class ChainOnlyTrust extends X509ExtendedTrustManager {

	private final X509ExtendedTrustManager delegate;

	private ChainOnlyTrust(X509ExtendedTrustManager delegate) {
		this.delegate = delegate;
	}

	/** An SSL context with the bundle's key and this trust. */
	static SSLContext context(SslBundle bundle) {
		TrustManager[] trust = bundle.getManagers().getTrustManagers().clone();
		for (int i = 0; i < trust.length; i++) {
			if (trust[i] instanceof X509ExtendedTrustManager x509) {
				trust[i] = new ChainOnlyTrust(x509);
			}
		}
		try {
			SSLContext context = SSLContext.getInstance(bundle.getProtocol());
			context.init(bundle.getManagers().getKeyManagers(), trust, null);
			return context;
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("Cannot make the TLS context for calls between executors", ex);
		}
	}

	@Override
	public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
			throws CertificateException {
		this.delegate.checkServerTrusted(chain, authType);
	}

	@Override
	public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
			throws CertificateException {
		this.delegate.checkServerTrusted(chain, authType);
	}

	@Override
	public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
		this.delegate.checkServerTrusted(chain, authType);
	}

	@Override
	public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
			throws CertificateException {
		this.delegate.checkClientTrusted(chain, authType, engine);
	}

	@Override
	public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
			throws CertificateException {
		this.delegate.checkClientTrusted(chain, authType, socket);
	}

	@Override
	public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
		this.delegate.checkClientTrusted(chain, authType);
	}

	@Override
	public X509Certificate[] getAcceptedIssuers() {
		return this.delegate.getAcceptedIssuers();
	}

}
