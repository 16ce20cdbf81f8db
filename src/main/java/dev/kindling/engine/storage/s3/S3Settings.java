package dev.kindling.engine.storage.s3;

/**
 * How to reach object storage.
 *
 * @param endpoint the store's URL ({@code http://minio:9000}); null or blank: AWS's own
 * endpoint for the region
 * @param region the signing region; null or blank: the SDK's default region chain
 * ({@code AWS_REGION}, the profile), else {@code us-east-1}
 * @param pathStyleAccess whether buckets are named in the path
 * ({@code http://host/bucket/key}, as MinIO and Ceph want) rather than in the host name
 * @param accessKey the access key id; null or blank (with the secret key): the SDK's
 * default credentials chain (environment, profile, web identity, container or instance
 * role)
 * @param secretKey the secret access key
 */
public record S3Settings(String endpoint, String region, boolean pathStyleAccess, String accessKey, String secretKey) {

	/** Whether a static key pair is set (else the default credentials chain is used). */
	public boolean hasStaticCredentials() {
		return this.accessKey != null && !this.accessKey.isBlank() && this.secretKey != null
				&& !this.secretKey.isBlank();
	}

	/** Says whether the keys are set, never what they are. */
	@Override
	public String toString() {
		return "S3Settings[endpoint=" + this.endpoint + ", region=" + this.region + ", pathStyleAccess="
				+ this.pathStyleAccess + ", credentials=" + (hasStaticCredentials() ? "static" : "default chain") + "]";
	}

}
