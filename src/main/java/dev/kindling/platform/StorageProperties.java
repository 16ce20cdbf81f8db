package dev.kindling.platform;

import java.util.List;
import java.util.Locale;

import jakarta.validation.Valid;

import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where jobs may read and write besides the data root ({@code kindling.storage.*}), part
 * of {@link KindlingProperties}.
 *
 * @param allowedLocations the object-store locations jobs may use, as {@code s3://bucket}
 * or {@code s3://bucket/prefix/}; any other {@code s3://} path is refused like a path
 * outside the data root. Empty (the default): no object storage at all, so a service
 * never reads or writes a bucket its operator did not name, whatever its credentials
 * reach
 * @param s3 how to reach the object store
 */
public record StorageProperties(List<String> allowedLocations, @Valid @DefaultValue S3 s3) {

	public StorageProperties {
		allowedLocations = allowedLocations == null ? List.of()
				: allowedLocations.stream().map(String::trim).filter(s -> !s.isEmpty()).toList();
		for (String location : allowedLocations) {
			String lower = location.toLowerCase(Locale.ROOT);
			String bucket = lower.startsWith("s3://") ? lower.substring(5)
					: lower.startsWith("s3a://") ? lower.substring(6) : null;
			if (bucket == null || bucket.isEmpty() || bucket.startsWith("/")) {
				throw new IllegalArgumentException("kindling.storage.allowed-locations: '" + location
						+ "' is not an s3://bucket or s3://bucket/prefix/ location");
			}
		}
		s3 = s3 == null ? new S3(null, null, false, null, null) : s3;
	}

	/**
	 * The S3 (or S3-compatible: MinIO, Ceph) store of {@code s3://} locations. Each
	 * process (driver and every executor) uses its own settings; none travels with a
	 * task.
	 *
	 * @param endpoint the store's URL (unset: AWS's endpoint for the region)
	 * @param region the signing region (unset: the AWS SDK's default region chain, else
	 * {@code us-east-1})
	 * @param pathStyleAccess buckets in the path ({@code http://host/bucket/key}), as
	 * MinIO, Ceph and most S3-compatible stores want
	 * @param accessKey the access key id (unset: the AWS SDK's default credentials chain:
	 * environment, profile, web identity, container or instance role)
	 * @param secretKey the secret access key
	 */
	public record S3(String endpoint, String region, @DefaultValue("false") boolean pathStyleAccess, String accessKey,
			String secretKey) {

		/** Says whether the keys are set, never what they are. */
		@Override
		public String toString() {
			return "S3[endpoint=" + this.endpoint + ", region=" + this.region + ", pathStyleAccess="
					+ this.pathStyleAccess + ", accessKey=" + (this.accessKey == null ? "unset" : "****")
					+ ", secretKey=" + (this.secretKey == null ? "unset" : "****") + "]";
		}

	}

}
