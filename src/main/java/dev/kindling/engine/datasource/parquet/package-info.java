/**
 * Parquet through Apache Parquet Java's column readers and writers, with no Hadoop file
 * system: files are read and written through the engine's storage, and page compression
 * runs through the codecs' own libraries (snappy-java, zstd-jni, the JDK's gzip), never
 * Hadoop's codec classes. Parquet Java still links Hadoop's API classes
 * ({@code hadoop-client-api}), which is why that jar is on the classpath.
 */
package dev.kindling.engine.datasource.parquet;
