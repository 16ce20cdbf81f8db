package dev.kindling.engine.storage.s3;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Supplier;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

import dev.kindling.engine.storage.FileEntry;
import dev.kindling.engine.storage.InputFile;
import dev.kindling.engine.storage.LocationRefusedException;
import dev.kindling.engine.storage.Locations;
import dev.kindling.engine.storage.Storage;

/**
 * Object storage ({@code s3://bucket/key}) as a {@link Storage}, through the AWS SDK's
 * blocking S3 client over the JDK's HTTP client. A folder is a key prefix ending in
 * {@code /}: {@link #list} is ListObjectsV2 with {@code /} as the delimiter, its common
 * prefixes the sub-folders (zero-byte folder markers are not files). A file is read by
 * ranged GETs of the bytes asked for, a block at a time ({@link S3InputFile}), never the
 * whole object unless it is smaller than a block. A new file is spooled to a local
 * temporary file and uploaded when its stream closes; a move is CopyObject and
 * DeleteObject.
 *
 * <p>
 * The client is built on first use from {@link S3Settings}: every upload and download
 * computes checksums only where S3 requires them ({@code WHEN_REQUIRED}), which AWS
 * accepts and which older MinIO, Ceph and S3Proxy need. Credentials are the process's own
 * (its settings, or the SDK's default chain): no key ever travels with a task.
 *
 * <p>
 * Errors are {@link IOException}s whose message names S3, the bucket and the key and says
 * what the store answered, with no stack trace and no credential.
 */
public final class S3Storage implements Storage {

	/** The bytes a read fetches at least: one ranged GET per block read. */
	public static final int DEFAULT_BLOCK_SIZE = 4 * 1024 * 1024;

	private final S3Settings settings;

	private final int blockSize;

	private volatile S3Client client;

	public S3Storage(S3Settings settings) {
		this(settings, DEFAULT_BLOCK_SIZE);
	}

	/**
	 * @param blockSize the bytes a read fetches at least (tests use small blocks to see
	 * several ranged reads of one file)
	 */
	public S3Storage(S3Settings settings, int blockSize) {
		this.settings = settings;
		this.blockSize = Math.max(1, blockSize);
	}

	S3Client client() {
		S3Client c = this.client;
		if (c == null) {
			synchronized (this) {
				c = this.client;
				if (c == null) {
					c = build(this.settings);
					this.client = c;
				}
			}
		}
		return c;
	}

	private static S3Client build(S3Settings settings) {
		AwsCredentialsProvider credentials = settings.hasStaticCredentials()
				? StaticCredentialsProvider
					.create(AwsBasicCredentials.create(settings.accessKey(), settings.secretKey()))
				: DefaultCredentialsProvider.builder().build();
		var builder = S3Client.builder()
			.httpClient(UrlConnectionHttpClient.builder()
				.connectionTimeout(Duration.ofSeconds(10))
				.socketTimeout(Duration.ofSeconds(60))
				.build())
			.region(region(settings.region()))
			.credentialsProvider(credentials)
			.forcePathStyle(settings.pathStyleAccess())
			.requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
			.responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
		if (settings.endpoint() != null && !settings.endpoint().isBlank()) {
			builder.endpointOverride(URI.create(settings.endpoint().trim()));
		}
		return builder.build();
	}

	private static Region region(String configured) {
		if (configured != null && !configured.isBlank()) {
			return Region.of(configured.trim());
		}
		try {
			return new DefaultAwsRegionProviderChain().getRegion();
		}
		catch (SdkException ex) {
			return Region.US_EAST_1;
		}
	}

	/**
	 * A location split into its bucket and key (no trailing slash; empty for a bucket).
	 */
	record Location(String bucket, String key) {

		static Location of(String location) {
			String t = Locations.trim(location);
			int scheme = t.indexOf("://");
			if (scheme < 0) {
				throw new LocationRefusedException("'" + location + "' is not an s3:// location");
			}
			String rest = t.substring(scheme + 3);
			int slash = rest.indexOf('/');
			String bucket = slash < 0 ? rest : rest.substring(0, slash);
			String key = slash < 0 ? "" : rest.substring(slash + 1);
			if (bucket.isEmpty()) {
				throw new LocationRefusedException("'" + location + "' names no bucket");
			}
			return new Location(bucket, key);
		}

		/** The prefix of the objects under this location as a folder. */
		String prefix() {
			return this.key.isEmpty() ? "" : this.key + "/";
		}

		String url() {
			return Locations.S3 + this.bucket + (this.key.isEmpty() ? "" : "/" + this.key);
		}

		String url(String key) {
			return Locations.S3 + this.bucket + "/" + key;
		}

	}

	@Override
	public FileEntry stat(String path) throws IOException {
		Location at = Location.of(path);
		if (!at.key().isEmpty()) {
			HeadObjectResponse head = call("read", at, () -> {
				try {
					return client().headObject(b -> b.bucket(at.bucket()).key(at.key()));
				}
				catch (S3Exception ex) {
					if (ex.statusCode() == 404) {
						return null;
					}
					throw ex;
				}
			});
			if (head != null) {
				return new FileEntry(at.url(), head.contentLength(), millis(head.lastModified()), false);
			}
		}
		ListObjectsV2Response page = call("list", at, () -> {
			try {
				return client().listObjectsV2(b -> b.bucket(at.bucket()).prefix(at.prefix()).maxKeys(1));
			}
			catch (S3Exception ex) {
				if (ex.statusCode() == 404 && !at.key().isEmpty()) {
					return null;
				}
				throw ex;
			}
		});
		if (page == null || (!at.key().isEmpty() && page.contents().isEmpty() && page.commonPrefixes().isEmpty())) {
			return null;
		}
		return new FileEntry(at.url(), 0, 0, true);
	}

	@Override
	public List<FileEntry> list(String folder) throws IOException {
		Location at = Location.of(folder);
		List<FileEntry> out = new ArrayList<>();
		for (ListObjectsV2Response page : pages(at, "/")) {
			for (CommonPrefix p : page.commonPrefixes()) {
				String key = Locations.trim(p.prefix());
				if (!key.isEmpty() && !key.equals(at.key())) {
					out.add(new FileEntry(at.url(key), 0, 0, true));
				}
			}
			for (S3Object o : page.contents()) {
				if (!o.key().endsWith("/")) {
					out.add(new FileEntry(at.url(o.key()), o.size(), millis(o.lastModified()), false));
				}
			}
		}
		out.sort(Comparator.comparing(FileEntry::path));
		return out;
	}

	@Override
	public List<FileEntry> listFiles(String folder) throws IOException {
		Location at = Location.of(folder);
		List<FileEntry> out = new ArrayList<>();
		for (ListObjectsV2Response page : pages(at, null)) {
			for (S3Object o : page.contents()) {
				if (!o.key().endsWith("/")) {
					out.add(new FileEntry(at.url(o.key()), o.size(), millis(o.lastModified()), false));
				}
			}
		}
		out.sort(Comparator.comparing(FileEntry::path));
		return out;
	}

	/** Every page of the objects under a folder (ListObjectsV2, continued by token). */
	private List<ListObjectsV2Response> pages(Location at, String delimiter) throws IOException {
		List<ListObjectsV2Response> pages = new ArrayList<>();
		String token = null;
		do {
			ListObjectsV2Request.Builder request = ListObjectsV2Request.builder()
				.bucket(at.bucket())
				.prefix(at.prefix())
				.delimiter(delimiter);
			if (token != null) {
				request.continuationToken(token);
			}
			ListObjectsV2Response page = call("list", at, () -> client().listObjectsV2(request.build()));
			pages.add(page);
			token = Boolean.TRUE.equals(page.isTruncated()) ? page.nextContinuationToken() : null;
		}
		while (token != null);
		return pages;
	}

	@Override
	public InputFile open(String path) throws IOException {
		return new S3InputFile(this, Location.of(path), -1, this.blockSize);
	}

	@Override
	public InputFile open(String path, long length) throws IOException {
		return new S3InputFile(this, Location.of(path), length, this.blockSize);
	}

	/** The length of an object (HeadObject). */
	long length(Location at) throws IOException {
		return call("read", at, () -> client().headObject(b -> b.bucket(at.bucket()).key(at.key()))).contentLength();
	}

	/**
	 * The bytes {@code [position, position + length)} of an object, by one ranged GET.
	 */
	byte[] range(Location at, long position, int length) throws IOException {
		String range = "bytes=" + position + "-" + (position + length - 1);
		return call("read", at, () -> client().getObjectAsBytes(b -> b.bucket(at.bucket()).key(at.key()).range(range))
			.asByteArrayUnsafe());
	}

	@Override
	public OutputStream create(String path) throws IOException {
		Location at = Location.of(path);
		if (at.key().isEmpty()) {
			throw new IOException("'" + path + "' names a bucket, not a file");
		}
		Path spool = Files.createTempFile("kindling-s3-", ".part");
		return new FilterOutputStream(Files.newOutputStream(spool)) {

			private boolean closed;

			@Override
			public void write(byte[] b, int off, int len) throws IOException {
				this.out.write(b, off, len);
			}

			@Override
			public void close() throws IOException {
				if (this.closed) {
					return;
				}
				this.closed = true;
				try {
					super.close();
					call("write", at, () -> client().putObject(b -> b.bucket(at.bucket()).key(at.key()),
							RequestBody.fromFile(spool)));
				}
				finally {
					Files.deleteIfExists(spool);
				}
			}

		};
	}

	@Override
	public void move(String from, String to) throws IOException {
		Location source = Location.of(from);
		Location target = Location.of(to);
		call("copy", source,
				() -> client().copyObject(b -> b.sourceBucket(source.bucket())
					.sourceKey(source.key())
					.destinationBucket(target.bucket())
					.destinationKey(target.key())));
		call("delete", source, () -> client().deleteObject(b -> b.bucket(source.bucket()).key(source.key())));
	}

	@Override
	public boolean delete(String path) throws IOException {
		FileEntry entry = stat(path);
		if (entry == null) {
			return false;
		}
		if (entry.folder()) {
			throw new IOException("'" + path + "' is a folder");
		}
		Location at = Location.of(path);
		call("delete", at, () -> client().deleteObject(b -> b.bucket(at.bucket()).key(at.key())));
		return true;
	}

	@Override
	public void deleteFolder(String folder) throws IOException {
		Location at = Location.of(folder);
		if (at.key().isEmpty()) {
			throw new LocationRefusedException("refusing to delete the whole bucket '" + at.bucket() + "'");
		}
		for (ListObjectsV2Response page : pages(at, null)) {
			for (S3Object o : page.contents()) {
				call("delete", at, () -> client().deleteObject(b -> b.bucket(at.bucket()).key(o.key())));
			}
		}
	}

	@Override
	public String describe(IOException ex) {
		return ex.getMessage();
	}

	private static long millis(Instant instant) {
		return instant == null ? 0 : instant.toEpochMilli();
	}

	/** Runs a request, its failure an {@link IOException} a user can read. */
	private static <T> T call(String what, Location at, Supplier<T> request) throws IOException {
		try {
			return request.get();
		}
		catch (S3Exception ex) {
			throw new IOException(message(what, at, ex), ex);
		}
		catch (SdkException ex) {
			throw new IOException("S3: cannot " + what + " '" + at.url() + "' (bucket '" + at.bucket() + "'): "
					+ firstLine(ex.getMessage()), ex);
		}
	}

	static String message(String what, Location at, S3Exception ex) {
		int status = ex.statusCode();
		String code = ex.awsErrorDetails() == null ? null : ex.awsErrorDetails().errorCode();
		String said = ex.awsErrorDetails() == null ? null : ex.awsErrorDetails().errorMessage();
		StringBuilder m = new StringBuilder("S3 refused to ").append(what)
			.append(" '")
			.append(at.url())
			.append("' (bucket '")
			.append(at.bucket())
			.append("'): ")
			.append(status);
		if (code != null && !code.isBlank()) {
			m.append(' ').append(code);
		}
		if (said != null && !said.isBlank()) {
			m.append(": ").append(firstLine(said));
		}
		if (status == 403 || status == 401 || "InvalidAccessKeyId".equals(code)
				|| "SignatureDoesNotMatch".equals(code)) {
			m.append("; check the credentials of kindling.storage.s3 (or the default AWS credentials) "
					+ "and the bucket's policy");
		}
		else if (status == 404 || "NoSuchBucket".equals(code)) {
			m.append("; does the bucket exist?");
		}
		return m.toString();
	}

	private static String firstLine(String message) {
		if (message == null) {
			return "no reason given";
		}
		int nl = message.indexOf('\n');
		return (nl < 0 ? message : message.substring(0, nl)).strip();
	}

}
