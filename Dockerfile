# syntax=docker/dockerfile:1
# One image for both roles: the Helm chart picks driver or executor with SPRING_PROFILES_ACTIVE.
# Build:  docker build -t kindling:0.1.0 .
# .ci/container-test builds this file unchanged and runs the image (docs/deployment.md).

FROM eclipse-temurin:17-jdk AS build
WORKDIR /workspace
# The wrapper and the POM change rarely: resolve dependencies in their own cached layer.
COPY mvnw pom.xml ./
COPY .mvn .mvn
RUN ./mvnw -B -q dependency:go-offline
COPY src src
RUN ./mvnw -B -DskipTests package \
 && java -Djarmode=tools -jar target/kindling-*.jar extract --layers --launcher --destination extracted

# A Java runtime with only the modules Kindling needs, cut from the same JDK (its own stage, so a
# code change does not rebuild it). jdeps on the jar and its libraries finds the first line; the
# second is loaded by name at run time: EC and TLS (jdk.crypto.ec), Kerberos logins for PostgreSQL
# (jdk.security.auth), zip file systems and non-UTF charsets. A new library that needs another
# module fails at run time: run .ci/container-test after adding one. (--strip-java-debug-attributes,
# not --strip-debug: some JDK builds strip native symbols with objcopy, which JDK images lack.)
FROM eclipse-temurin:17-jdk AS runtime
RUN jlink --output /javaruntime --strip-java-debug-attributes --no-man-pages --no-header-files --generate-cds-archive \
      --add-modules java.base,java.compiler,java.desktop,java.instrument,java.net.http,java.prefs,java.rmi,java.scripting,java.security.jgss,java.sql.rowset,jdk.jfr,jdk.management,jdk.unsupported \
      --add-modules jdk.crypto.ec,jdk.security.auth,jdk.zipfs,jdk.charsets

FROM debian:bookworm-slim
LABEL org.opencontainers.image.title="kindling" \
      org.opencontainers.image.description="Kindling, a Spark-style driver/executor job service"
ENV JAVA_HOME=/opt/java/openjdk
ENV PATH="${JAVA_HOME}/bin:${PATH}"
COPY --from=runtime /javaruntime ${JAVA_HOME}
# Numeric user and group, so Kubernetes can verify runAsNonRoot; the chart runs as the same ids.
RUN groupadd --system --gid 10001 kindling \
 && useradd --system --uid 10001 --gid 10001 --no-create-home --home-dir /nonexistent kindling \
 && mkdir -p /data /var/lib/kindling/db \
 && chown -R 10001:10001 /data /var/lib/kindling
WORKDIR /app
# Least-changing layers first, so a code change rebuilds only the last layer.
COPY --from=build /workspace/extracted/dependencies/ ./
COPY --from=build /workspace/extracted/spring-boot-loader/ ./
COPY --from=build /workspace/extracted/snapshot-dependencies/ ./
COPY --from=build /workspace/extracted/application/ ./
# The H2 file commits before a write is acknowledged (WRITE_DELAY=0), and Spring closes it after
# the last flush instead of H2's own shutdown hook closing it under the driver (DB_CLOSE_ON_EXIT).
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75" \
    KINDLING_DATA_ROOT=/data \
    SPRING_DATASOURCE_URL="jdbc:h2:file:/var/lib/kindling/db/kindling;DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0"
# The only writable paths: the data root and the H2 database (plus /tmp, an emptyDir in the chart).
VOLUME ["/data", "/var/lib/kindling"]
USER 10001:10001
EXPOSE 8080
ENTRYPOINT ["java", "org.springframework.boot.loader.launch.JarLauncher"]
