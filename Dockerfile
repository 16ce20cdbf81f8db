# syntax=docker/dockerfile:1
# One image for both roles: the Helm chart picks driver or executor with SPRING_PROFILES_ACTIVE.
# Build:  docker build -t kindling:0.1.0 .

FROM eclipse-temurin:17-jdk AS build
WORKDIR /workspace
# The wrapper and the POM change rarely: resolve dependencies in their own cached layer.
COPY mvnw pom.xml ./
COPY .mvn .mvn
RUN ./mvnw -B -q dependency:go-offline
COPY src src
RUN ./mvnw -B -DskipTests package \
 && java -Djarmode=tools -jar target/kindling-*.jar extract --layers --launcher --destination extracted

FROM eclipse-temurin:17-jre
LABEL org.opencontainers.image.title="kindling" \
      org.opencontainers.image.description="Kindling, a Spark-style driver/executor job service"
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
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75" \
    KINDLING_DATA_ROOT=/data \
    SPRING_DATASOURCE_URL=jdbc:h2:file:/var/lib/kindling/db/kindling
# The only writable paths: the data root and the H2 database (plus /tmp, an emptyDir in the chart).
VOLUME ["/data", "/var/lib/kindling"]
USER 10001:10001
EXPOSE 8080
ENTRYPOINT ["java", "org.springframework.boot.loader.launch.JarLauncher"]
