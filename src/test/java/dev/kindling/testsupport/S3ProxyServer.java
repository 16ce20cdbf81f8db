package dev.kindling.testsupport;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStore;
import org.jclouds.blobstore.BlobStoreContext;
import org.jclouds.blobstore.domain.Blob;
import org.jclouds.blobstore.options.GetOptions;
import org.jclouds.blobstore.util.ForwardingBlobStore;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

import dev.kindling.engine.storage.s3.S3Settings;

/**
 * A real S3-compatible server in the test's JVM: S3Proxy (SigV4 authentication, ranged
 * GETs, ListObjectsV2, CopyObject) over a jclouds blob store, on a free loopback port.
 * Every object GET the server serves is recorded with the byte ranges it asked for, so a
 * test sees what the server saw. The settings it hands out are those a Kindling process
 * would be configured with.
 */
public final class S3ProxyServer implements AutoCloseable {

	public static final String ACCESS_KEY = "kindling-test";

	public static final String SECRET_KEY = "kindling-test-secret";

	/** An object GET as the server received it. */
	public record Get(String bucket, String key, List<String> ranges) {

		/** Whether it asked for the whole object (no Range header). */
		public boolean whole() {
			return this.ranges.isEmpty();
		}

	}

	private final S3Proxy proxy;

	private final List<Get> gets = new ArrayList<>();

	private final S3Client client;

	/**
	 * Starts a server holding its objects in memory (jclouds' transient store: the
	 * filesystem store retries deletes with sleeps).
	 */
	public S3ProxyServer(String... buckets) throws Exception {
		BlobStore store = ContextBuilder.newBuilder("transient")
			.credentials("identity", "credential")
			.build(BlobStoreContext.class)
			.getBlobStore();
		for (String bucket : buckets) {
			store.createContainerInLocation(null, bucket);
		}
		this.proxy = S3Proxy.builder()
			.blobStore(new Recording(store, this.gets))
			.endpoint(URI.create("http://127.0.0.1:0"))
			.awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
			.ignoreUnknownHeaders(true)
			.build();
		this.proxy.start();
		Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
		while (!"STARTED".equals(this.proxy.getState())) {
			if (Instant.now().isAfter(deadline)) {
				throw new IllegalStateException("S3Proxy did not start: " + this.proxy.getState());
			}
			Thread.sleep(10);
		}
		this.client = S3Client.builder()
			.httpClient(UrlConnectionHttpClient.create())
			.endpointOverride(URI.create(endpoint()))
			.region(Region.US_EAST_1)
			.forcePathStyle(true)
			.credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
			.requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
			.responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
			.build();
	}

	public String endpoint() {
		return "http://127.0.0.1:" + this.proxy.getPort();
	}

	/** What a Kindling process reaching this server is configured with. */
	public S3Settings settings() {
		return new S3Settings(endpoint(), "us-east-1", true, ACCESS_KEY, SECRET_KEY);
	}

	/** The same server with credentials it does not know. */
	public S3Settings wrongCredentials() {
		return new S3Settings(endpoint(), "us-east-1", true, ACCESS_KEY, "not-the-secret");
	}

	/** A client of this server for the test's own puts and reads. */
	public S3Client client() {
		return this.client;
	}

	public void put(String bucket, String key, byte[] bytes) {
		this.client.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromBytes(bytes));
	}

	public void put(String bucket, String key, String text) {
		put(bucket, key, text.getBytes(StandardCharsets.UTF_8));
	}

	public String read(String bucket, String key) {
		return this.client.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asUtf8String();
	}

	/** Every key of a bucket under a prefix, sorted. */
	public List<String> keys(String bucket, String prefix) {
		return this.client.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix))
			.contents()
			.stream()
			.map(S3Object::key)
			.sorted()
			.toList();
	}

	/** The object GETs served so far. */
	public List<Get> gets() {
		synchronized (this.gets) {
			return List.copyOf(this.gets);
		}
	}

	public void clearGets() {
		synchronized (this.gets) {
			this.gets.clear();
		}
	}

	@Override
	public void close() throws Exception {
		this.client.close();
		this.proxy.stop();
	}

	/** The blob store, recording the GETs S3Proxy hands it. */
	private static final class Recording extends ForwardingBlobStore {

		private final List<Get> gets;

		Recording(BlobStore delegate, List<Get> gets) {
			super(delegate);
			this.gets = gets;
		}

		@Override
		public Blob getBlob(String container, String name) {
			record(container, name, List.of());
			return super.getBlob(container, name);
		}

		@Override
		public Blob getBlob(String container, String name, GetOptions options) {
			record(container, name, options == null ? List.of() : List.copyOf(options.getRanges()));
			return super.getBlob(container, name, options);
		}

		private void record(String container, String name, List<String> ranges) {
			synchronized (this.gets) {
				this.gets.add(new Get(container, name, ranges));
			}
		}

	}

}
