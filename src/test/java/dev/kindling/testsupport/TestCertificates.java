package dev.kindling.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.net.Socket;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * A certificate authority made for one test, and certificates it signs, written as the
 * PEM files a Spring Boot SSL bundle reads (and cert-manager writes): the chain in
 * {@code <name>.crt}, the PKCS#8 private key in {@code <name>.key}, the authority in
 * {@code ca.crt}. Made with the JDK's own {@code keytool} (no library, nothing
 * committed): EC P-256 keys, valid for two days. Private keys stay under the test's temp
 * folder.
 */
public final class TestCertificates {

	private static final String PASSWORD = "test-only";

	private final Path dir;

	private final String name;

	/** A certificate this authority signed, and its key. */
	public record Issued(Path certificate, Path privateKey, Path keyStore) {

		/**
		 * The certificate and key as a client presents them, trusting {@code authority}.
		 */
		public SSLContext clientContext(TestCertificates authority) {
			return context(this.keyStore, authority, false);
		}

		/**
		 * As {@link #clientContext}, but presents the certificate even when the server
		 * names other authorities it accepts (a JDK client otherwise sends none).
		 */
		public SSLContext insistingClientContext(TestCertificates authority) {
			return context(this.keyStore, authority, true);
		}

	}

	private TestCertificates(Path dir, String name) {
		this.dir = dir;
		this.name = name;
	}

	/** A new self-signed authority in {@code dir} (created). */
	public static TestCertificates authority(Path dir, String name) {
		try {
			Files.createDirectories(dir);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		TestCertificates ca = new TestCertificates(dir, name);
		ca.keytool("-genkeypair", "-alias", "ca", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=" + name,
				"-ext", "bc:c", "-ext", "ku:c=keyCertSign,cRLSign", "-validity", "2", "-keystore", "ca.p12",
				"-storetype", "PKCS12", "-storepass", PASSWORD, "-keypass", PASSWORD);
		ca.keytool("-exportcert", "-rfc", "-alias", "ca", "-keystore", "ca.p12", "-storepass", PASSWORD, "-file",
				"ca.crt");
		return ca;
	}

	public Path certificate() {
		return this.dir.resolve("ca.crt");
	}

	/**
	 * Issues a certificate for server and client use, for these subject alternative names
	 * ({@code dns:localhost}, {@code ip:127.0.0.1}).
	 */
	public Issued issue(String subject, String... alternativeNames) {
		String store = subject + ".p12";
		keytool("-genkeypair", "-alias", "leaf", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=" + subject,
				"-validity", "2", "-keystore", store, "-storetype", "PKCS12", "-storepass", PASSWORD, "-keypass",
				PASSWORD);
		keytool("-certreq", "-alias", "leaf", "-keystore", store, "-storepass", PASSWORD, "-file", subject + ".csr");
		keytool("-gencert", "-alias", "ca", "-keystore", "ca.p12", "-storepass", PASSWORD, "-infile", subject + ".csr",
				"-outfile", subject + ".signed", "-rfc", "-validity", "2", "-ext",
				"san=" + String.join(",", alternativeNames), "-ext", "ku:c=digitalSignature,keyEncipherment", "-ext",
				"eku=serverAuth,clientAuth");
		try {
			Path certificate = this.dir.resolve(subject + ".crt");
			Files.writeString(certificate,
					Files.readString(this.dir.resolve(subject + ".signed")) + Files.readString(certificate()));
			// The keystore gets the signed chain, so a test client can present it.
			keytool("-importcert", "-noprompt", "-alias", "ca", "-file", "ca.crt", "-keystore", store, "-storepass",
					PASSWORD);
			keytool("-importcert", "-alias", "leaf", "-file", subject + ".signed", "-keystore", store, "-storepass",
					PASSWORD, "-keypass", PASSWORD);
			KeyStore keys = load(this.dir.resolve(store));
			Key key = keys.getKey("leaf", PASSWORD.toCharArray());
			Path privateKey = this.dir.resolve(subject + ".key");
			Files.writeString(privateKey,
					"-----BEGIN PRIVATE KEY-----\n"
							+ Base64.getMimeEncoder(64, new byte[] { '\n' }).encodeToString(key.getEncoded())
							+ "\n-----END PRIVATE KEY-----\n");
			return new Issued(certificate, privateKey, this.dir.resolve(store));
		}
		catch (IOException | GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** Trusts this authority only, presents no certificate. */
	public SSLContext trustingContext() {
		return context(null, this, false);
	}

	private static SSLContext context(Path keyStore, TestCertificates authority, boolean insist) {
		try {
			KeyStore trust = KeyStore.getInstance("PKCS12");
			trust.load(null, null);
			try (InputStream in = Files.newInputStream(authority.certificate())) {
				Certificate ca = CertificateFactory.getInstance("X.509").generateCertificate(in);
				trust.setCertificateEntry("ca", ca);
			}
			TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
			tmf.init(trust);
			KeyManagerFactory kmf = null;
			if (keyStore != null) {
				kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
				kmf.init(load(keyStore), PASSWORD.toCharArray());
			}
			SSLContext context = SSLContext.getInstance("TLS");
			KeyManager[] keyManagers = (kmf != null) ? kmf.getKeyManagers() : null;
			if (insist) {
				keyManagers = new KeyManager[] { new Insisting((X509ExtendedKeyManager) keyManagers[0]) };
			}
			context.init(keyManagers, tmf.getTrustManagers(), null);
			return context;
		}
		catch (IOException | GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** Offers its one certificate whichever authorities the server asks for. */
	private static final class Insisting extends X509ExtendedKeyManager {

		private final X509ExtendedKeyManager delegate;

		Insisting(X509ExtendedKeyManager delegate) {
			this.delegate = delegate;
		}

		@Override
		public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
			return "leaf";
		}

		@Override
		public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
			return "leaf";
		}

		@Override
		public String[] getClientAliases(String keyType, Principal[] issuers) {
			return new String[] { "leaf" };
		}

		@Override
		public String[] getServerAliases(String keyType, Principal[] issuers) {
			return this.delegate.getServerAliases(keyType, issuers);
		}

		@Override
		public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
			return this.delegate.chooseServerAlias(keyType, issuers, socket);
		}

		@Override
		public X509Certificate[] getCertificateChain(String alias) {
			return this.delegate.getCertificateChain(alias);
		}

		@Override
		public PrivateKey getPrivateKey(String alias) {
			return this.delegate.getPrivateKey(alias);
		}

	}

	private static KeyStore load(Path store) throws IOException, GeneralSecurityException {
		KeyStore keys = KeyStore.getInstance("PKCS12");
		try (InputStream in = Files.newInputStream(store)) {
			keys.load(in, PASSWORD.toCharArray());
		}
		return keys;
	}

	private void keytool(String... args) {
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
		command.addAll(List.of(args));
		try {
			Process process = new ProcessBuilder(command).directory(this.dir.toFile())
				.redirectErrorStream(true)
				.start();
			String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
				throw new IllegalStateException(
						"keytool " + String.join(" ", args) + " failed for " + this.name + ":\n" + output);
			}
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
