/**
 * Object storage as a {@link dev.kindling.engine.storage.Storage}:
 * {@code s3://bucket/key} locations on AWS S3 or any S3-compatible store (MinIO, Ceph,
 * S3Proxy) through the AWS SDK for Java 2.x. Reads are ranged GETs of the bytes a reader
 * asks for, listings are ListObjectsV2 with {@code /} as the delimiter, and a move is a
 * copy on the server and a delete. Plain Java.
 */
package dev.kindling.engine.storage.s3;
