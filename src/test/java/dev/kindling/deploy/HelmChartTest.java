package dev.kindling.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.marcnuri.helm.DryRun;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretKeySelector;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Lints and renders {@code helm/kindling} with the Helm library (helm-java), binds every
 * rendered document to fabric8's Kubernetes model classes, failing on any field
 * Kubernetes would not know, and checks how the chart wires the driver and the executors
 * together.
 */
class HelmChartTest {

	private static final Path CHART = Path.of("helm", "kindling");

	private static final Path VALUE_SETS = Path.of("src", "test", "resources", "helm");

	private static final String TEST_HOOK = "tests/test-job.yaml";

	private static final String HOOK_ANNOTATION = "\"helm.sh/hook\": test";

	/**
	 * Marks the hook pod in the copy the tests render; see
	 * {@link #copyWithTestHookAsManifest}.
	 */
	private static final String HOOK_UNDER_TEST = "kindling.dev/helm-hook-under-test";

	private static Path renderable;

	private static final String RELEASE = "prod";

	private static final String NAMESPACE = "jobs";

	/**
	 * helm template assumes Kubernetes 1.20 without a cluster; the chart needs 1.25 or
	 * later.
	 */
	private static final String KUBE_VERSION = "v1.31.0";

	private static final String DRIVER = "prod-kindling-driver";

	private static final String EXECUTOR = "prod-kindling-executor";

	/** The values .ci/container-test plays with podman. */
	private static final String CONTAINER_TEST_VALUES = "container-test.yaml";

	/** The value set with no shared volume: datasets on object storage only. */
	private static final String OBJECT_STORAGE = "object-storage.yaml";

	/** Where .ci/container-test finds the manifests it plays, one JSON file each. */
	private static final Path CONTAINER_TEST_MANIFESTS = Path.of("target", "container-test", "chart");

	/** The value sets every structural test runs against: defaults plus each file. */
	static Stream<String> valueSets() {
		return Stream.of("default", "postgresql-existing-secret.yaml", "autoscaling-ingress.yaml", "custom-auth.yaml",
				"service-monitor.yaml", "autoscaling-work.yaml", "tls-existing-secret.yaml", "tls-cert-manager.yaml",
				OBJECT_STORAGE, CONTAINER_TEST_VALUES);
	}

	/** The scheme the members of a release use: https in the value sets with TLS. */
	private static String scheme(String valueSet) {
		return valueSet.startsWith("tls-") ? "https" : "http";
	}

	/**
	 * helm-java's template returns the release manifest without hooks, so the tests
	 * render a copy of the chart whose test pod carries a neutral annotation in place of
	 * {@code helm.sh/hook} and is therefore part of the manifest. Everything else is byte
	 * for byte the chart.
	 */
	@BeforeAll
	static void copyWithTestHookAsManifest(@TempDir Path tmp) throws IOException {
		renderable = tmp.resolve("kindling");
		try (Stream<Path> files = Files.walk(CHART)) {
			for (Path file : files.toList()) {
				Path target = renderable.resolve(CHART.relativize(file).toString());
				if (Files.isDirectory(file)) {
					Files.createDirectories(target);
				}
				else {
					Files.copy(file, target);
				}
			}
		}
		Path hook = renderable.resolve("templates").resolve(TEST_HOOK);
		String text = Files.readString(hook);
		assertThat(text).contains(HOOK_ANNOTATION);
		Files.writeString(hook, text.replace(HOOK_ANNOTATION, "\"" + HOOK_UNDER_TEST + "\": test"));
	}

	// --- lint and strict parsing
	// ---------------------------------------------------------------

	@Test
	void lintsWithoutFindingsInStrictMode() {
		LintResult result = new Helm(CHART).lint().strict().call();

		assertThat(result.isFailed()).as("lint messages: %s", result.getMessages()).isFalse();
	}

	@ParameterizedTest
	@MethodSource("valueSets")
	void rendersOnlyKnownKubernetesFieldsForEveryValueSet(String valueSet) {
		Chart chart = render(valueSet);

		assertThat(chart.resources()).isNotEmpty();
		assertThat(chart.one(Deployment.class, DRIVER)).isNotNull();
		assertThat(chart.one(Deployment.class, EXECUTOR)).isNotNull();
		assertThat(chart.one(Service.class, DRIVER)).isNotNull();
		assertThat(chart.all(Pod.class)).as("the helm test pod").hasSize(1);
	}

	@Test
	void strictParsingRejectsAFieldKubernetesDoesNotKnow() {
		String yaml = """
				apiVersion: v1
				kind: Service
				metadata:
				  name: x
				spec:
				  ports:
				    - port: 8080
				      targetPorts: http
				""";

		assertThatThrownBy(() -> parse(yaml)).isInstanceOf(AssertionError.class).hasMessageContaining("targetPorts");
	}

	@Test
	void strictParsingRejectsAQuotedNumberWhereKubernetesWantsAnInteger() {
		String yaml = """
				apiVersion: v1
				kind: Service
				metadata:
				  name: x
				spec:
				  ports:
				    - port: "8080"
				""";

		assertThatThrownBy(() -> parse(yaml)).hasMessageContaining("port");
	}

	// --- wiring between the roles
	// --------------------------------------------------------------

	@ParameterizedTest
	@MethodSource("valueSets")
	void executorsReachTheDriverThroughTheDriverServiceNameAndPort(String valueSet) {
		Chart chart = render(valueSet);
		Service service = chart.one(Service.class, DRIVER);

		String driverUrl = env(container(chart.one(Deployment.class, EXECUTOR)), "KINDLING_DRIVER_URL").getValue();

		assertThat(driverUrl).isEqualTo("%s://%s:%d", scheme(valueSet), service.getMetadata().getName(),
				service.getSpec().getPorts().get(0).getPort());
	}

	@Test
	void aChangedServicePortIsFollowedByTheExecutorsAndStillTargetsTheContainerPort() {
		Chart chart = render("default", Map.of("driver.service.port", 9090));
		Service service = chart.one(Service.class, DRIVER);

		assertThat(env(container(chart.one(Deployment.class, EXECUTOR)), "KINDLING_DRIVER_URL").getValue())
			.isEqualTo("http://" + DRIVER + ":9090");
		assertThat(service.getSpec().getPorts().get(0).getTargetPort().getStrVal()).isEqualTo("http");
		assertThat(containerPort(container(chart.one(Deployment.class, DRIVER)), "http")).isEqualTo(8080);
	}

	@Test
	void executorsAdvertiseTheirPodIpForShuffleFetches() {
		List<EnvVar> env = container(render("default").one(Deployment.class, EXECUTOR)).getEnv();
		List<String> names = env.stream().map(EnvVar::getName).toList();

		assertThat(env(env, "POD_IP").getValueFrom().getFieldRef().getFieldPath()).isEqualTo("status.podIP");
		assertThat(env(env, "KINDLING_EXECUTOR_ADVERTISE_URL").getValue()).isEqualTo("http://$(POD_IP):8080");
		assertThat(names.indexOf("POD_IP")).as("$(POD_IP) expands only variables defined before it")
			.isLessThan(names.indexOf("KINDLING_EXECUTOR_ADVERTISE_URL"));
	}

	@Test
	void eachRoleRunsItsOwnSpringProfile() {
		Chart chart = render("default");

		assertThat(env(container(chart.one(Deployment.class, DRIVER)), "SPRING_PROFILES_ACTIVE").getValue())
			.isEqualTo("driver");
		assertThat(env(container(chart.one(Deployment.class, EXECUTOR)), "SPRING_PROFILES_ACTIVE").getValue())
			.isEqualTo("executor");
		assertThat(env(container(chart.one(Deployment.class, EXECUTOR)), "KINDLING_EXECUTOR_SLOTS").getValue())
			.isEqualTo("2");
	}

	@Test
	void slotsAndShufflePartitionsReachTheRolesThatUseThem() {
		Chart custom = render("custom-auth.yaml");
		Chart defaults = render("default");

		assertThat(env(container(custom.one(Deployment.class, EXECUTOR)), "KINDLING_EXECUTOR_SLOTS").getValue())
			.isEqualTo("4");
		assertThat(env(container(custom.one(Deployment.class, DRIVER)), "KINDLING_SHUFFLE_PARTITIONS").getValue())
			.isEqualTo("16");
		assertThat(container(defaults.one(Deployment.class, DRIVER)).getEnv()).extracting(EnvVar::getName)
			.as("unset keeps the application default, twice the executor slots")
			.doesNotContain("KINDLING_SHUFFLE_PARTITIONS");
	}

	@ParameterizedTest
	@MethodSource("valueSets")
	void probesHitTheActuatorHealthGroupsOnTheContainerPort(String valueSet) {
		Chart chart = render(valueSet);

		for (Deployment deployment : chart.all(Deployment.class)) {
			Container container = container(deployment);
			int port = containerPort(container, "http");
			assertThat(port).isEqualTo(8080);
			assertHttpProbe(container, container.getLivenessProbe(), "/actuator/health/liveness", port);
			assertHttpProbe(container, container.getReadinessProbe(), "/actuator/health/readiness", port);
			assertHttpProbe(container, container.getStartupProbe(), "/actuator/health/liveness", port);
		}
	}

	@ParameterizedTest
	@MethodSource("valueSets")
	void driverAndExecutorsReadTheSharedSecretFromTheSameSecretKey(String valueSet) {
		Chart chart = render(valueSet);

		SecretKeySelector driver = secretRef(container(chart.one(Deployment.class, DRIVER)),
				"KINDLING_SECURITY_SHARED_SECRET");
		SecretKeySelector executor = secretRef(container(chart.one(Deployment.class, EXECUTOR)),
				"KINDLING_SECURITY_SHARED_SECRET");

		assertThat(executor).isEqualTo(driver);
		assertThat(driver.getName()).isNotBlank();
		assertThat(driver.getKey()).isNotBlank();
	}

	@Test
	void theChartCreatesTheSecretWithBothKeysWhenNoneIsGiven() {
		Chart chart = render("default");
		SecretKeySelector shared = secretRef(container(chart.one(Deployment.class, DRIVER)),
				"KINDLING_SECURITY_SHARED_SECRET");
		SecretKeySelector apiKey = secretRef(container(chart.one(Deployment.class, DRIVER)),
				"KINDLING_SECURITY_API_KEY");

		Secret secret = chart.one(Secret.class, shared.getName());

		assertThat(apiKey.getName()).isEqualTo(secret.getMetadata().getName());
		assertThat(decode(secret, shared.getKey())).hasSize(48);
		assertThat(decode(secret, apiKey.getKey())).hasSize(32);
		assertThat(env(container(chart.one(Deployment.class, DRIVER)), "KINDLING_SECURITY_API_KEY_REQUIRED").getValue())
			.isEqualTo("true");
	}

	@Test
	void givenAuthValuesAreStoredInsteadOfGeneratedOnes() {
		Chart chart = render("default",
				Map.of("auth.sharedSecret", "a-shared-secret-of-some-length", "auth.apiKey", "an-api-key-for-clients"));

		Secret secret = chart.one(Secret.class, "prod-kindling");

		assertThat(decode(secret, "shared-secret")).isEqualTo("a-shared-secret-of-some-length");
		assertThat(decode(secret, "api-key")).isEqualTo("an-api-key-for-clients");
	}

	@Test
	void anExistingAuthSecretIsUsedWithItsOwnKeysAndNoSecretIsCreated() {
		Chart chart = render("custom-auth.yaml");
		Container driver = container(chart.one(Deployment.class, DRIVER));

		assertThat(chart.all(Secret.class)).isEmpty();
		assertThat(secretRef(driver, "KINDLING_SECURITY_SHARED_SECRET").getName()).isEqualTo("team-kindling-auth");
		assertThat(secretRef(driver, "KINDLING_SECURITY_SHARED_SECRET").getKey()).isEqualTo("internal-token");
		assertThat(secretRef(driver, "KINDLING_SECURITY_API_KEY").getName()).isEqualTo("team-kindling-auth");
		assertThat(secretRef(driver, "KINDLING_SECURITY_API_KEY").getKey()).isEqualTo("public-token");
	}

	@Test
	void principalsReachTheDriverAsKeyHashesWithRolesAndPools() {
		String hash = "3db8fff8801956535fbfa4973f577d411a48948cdd4362d5e8c72b635eec3e12";
		Chart chart = render("default",
				Map.of("auth.principals[0].name", "vera", "auth.principals[0].keyHash", hash, "auth.principals[1].name",
						"etl-bot", "auth.principals[1].keyHash", "sha256:" + hash, "auth.principals[1].roles[0]",
						"submitter", "auth.principals[1].roles[1]", "viewer", "auth.principals[1].pool", "etl"));
		Container driver = container(chart.one(Deployment.class, DRIVER));
		assertThat(env(driver, "KINDLING_SECURITY_PRINCIPALS_0_NAME").getValue()).isEqualTo("vera");
		assertThat(env(driver, "KINDLING_SECURITY_PRINCIPALS_0_KEYHASH").getValue()).isEqualTo(hash);
		assertThat(env(driver, "KINDLING_SECURITY_PRINCIPALS_0_ROLES").getValue()).isEqualTo("viewer");
		assertThat(env(driver, "KINDLING_SECURITY_PRINCIPALS_1_ROLES").getValue()).isEqualTo("submitter,viewer");
		assertThat(env(driver, "KINDLING_SECURITY_PRINCIPALS_1_POOL").getValue()).isEqualTo("etl");
		assertThat(container(chart.one(Deployment.class, EXECUTOR)).getEnv()).extracting(EnvVar::getName)
			.noneMatch((n) -> n.startsWith("KINDLING_SECURITY_PRINCIPALS"));
		assertThatThrownBy(() -> render("default",
				Map.of("auth.principals[0].name", "vera", "auth.principals[0].keyHash", "the-key-itself")))
			.as("a key instead of its hash is refused")
			.hasMessageContaining("keyHash");
	}

	@Test
	void onlyTheDriverGetsTheApiKey() {
		Chart chart = render("default");

		assertThat(container(chart.one(Deployment.class, EXECUTOR)).getEnv()).extracting(EnvVar::getName)
			.doesNotContain("KINDLING_SECURITY_API_KEY", "SPRING_DATASOURCE_URL");
	}

	// --- the database
	// -------------------------------------------------------------------------

	@Test
	void theH2DatabaseFileSitsOnTheMountedDriverPvc() {
		Chart chart = render("default");
		Deployment driver = chart.one(Deployment.class, DRIVER);
		String url = env(container(driver), "SPRING_DATASOURCE_URL").getValue();
		assertThat(url).startsWith("jdbc:h2:file:");
		String file = url.substring("jdbc:h2:file:".length()).split(";")[0];
		assertThat(url).as("commits reach the file before they are acknowledged").endsWith(";WRITE_DELAY=0");
		assertThat(url).as("Spring, not H2's own shutdown hook, closes the database after the last flush")
			.contains(";DB_CLOSE_ON_EXIT=FALSE");

		VolumeMount mount = mountHolding(container(driver), file);
		Volume volume = volume(driver, mount.getName());
		PersistentVolumeClaim pvc = chart.one(PersistentVolumeClaim.class,
				volume.getPersistentVolumeClaim().getClaimName());

		assertThat(file).isEqualTo("/var/lib/kindling/db/kindling");
		assertThat(pvc.getSpec().getAccessModes()).containsExactly("ReadWriteOnce");
		assertThat(driver.getSpec().getReplicas()).isEqualTo(1);
		assertThat(driver.getSpec().getStrategy().getType()).as("RWO volume: old pod first").isEqualTo("Recreate");
	}

	@Test
	void anExistingH2ClaimIsMountedAndNoDriverPvcIsCreated() {
		Chart chart = render("custom-auth.yaml");
		Deployment driver = chart.one(Deployment.class, DRIVER);

		Volume db = volume(driver, mountHolding(container(driver), "/var/lib/kindling/db/kindling").getName());

		assertThat(db.getPersistentVolumeClaim().getClaimName()).isEqualTo("team-kindling-db");
		assertThat(chart.all(PersistentVolumeClaim.class)).isEmpty();
	}

	@Test
	void postgresqlValuesGiveAJdbcUrlAndThePasswordFromTheExistingSecretWithoutAnH2Pvc() {
		Chart chart = render("postgresql-existing-secret.yaml");
		Deployment driver = chart.one(Deployment.class, DRIVER);
		Container container = container(driver);

		assertThat(env(container, "SPRING_DATASOURCE_URL").getValue())
			.isEqualTo("jdbc:postgresql://pg.databases.svc.cluster.local:5432/kindling?sslmode=require");
		assertThat(env(container, "SPRING_DATASOURCE_USERNAME").getValue()).isEqualTo("kindling_app");
		assertThat(secretRef(container, "SPRING_DATASOURCE_PASSWORD").getName()).isEqualTo("kindling-pg");
		assertThat(secretRef(container, "SPRING_DATASOURCE_PASSWORD").getKey()).isEqualTo("pg-password");
		assertThat(chart.all(PersistentVolumeClaim.class)).extracting(pvc -> pvc.getMetadata().getName())
			.containsExactly("prod-kindling-data");
		assertThat(container.getVolumeMounts()).extracting(VolumeMount::getMountPath)
			.doesNotContain("/var/lib/kindling");
		assertThat(chart.one(Secret.class, "prod-kindling").getData()).doesNotContainKey("database-password");
	}

	@Test
	void aPostgresqlPasswordGivenInValuesIsStoredInTheChartSecret() {
		Chart chart = render("default", Map.of("database.type", "postgresql", "database.postgresql.host", "pg",
				"database.postgresql.password", "s3cret-pw"));

		SecretKeySelector ref = secretRef(container(chart.one(Deployment.class, DRIVER)), "SPRING_DATASOURCE_PASSWORD");

		assertThat(decode(chart.one(Secret.class, ref.getName()), ref.getKey())).isEqualTo("s3cret-pw");
		assertThat(env(container(chart.one(Deployment.class, DRIVER)), "SPRING_DATASOURCE_URL").getValue())
			.isEqualTo("jdbc:postgresql://pg:5432/kindling");
	}

	@Test
	void postgresqlWithoutPasswordOrExistingSecretFailsToRender() {
		assertThatThrownBy(
				() -> render("default", Map.of("database.type", "postgresql", "database.postgresql.host", "pg")))
			.hasMessageContaining("database.postgresql.password or database.postgresql.existingSecret is required");
	}

	@Test
	void postgresqlWithoutHostFailsToRender() {
		assertThatThrownBy(() -> render("default",
				Map.of("database.type", "postgresql", "database.postgresql.existingSecret", "pg")))
			.hasMessageContaining("database.postgresql.host is required");
	}

	// --- the shared data volume
	// ---------------------------------------------------------------

	@ParameterizedTest
	@MethodSource("valueSets")
	void driverAndExecutorsMountTheSameDataClaimAtTheDataRoot(String valueSet) {
		Assumptions.assumeFalse(valueSet.equals(OBJECT_STORAGE), "no shared volume there");
		Chart chart = render(valueSet);
		List<String> claims = new ArrayList<>();

		for (Deployment deployment : chart.all(Deployment.class)) {
			Container container = container(deployment);
			String dataRoot = env(container, "KINDLING_DATA_ROOT").getValue();
			Volume volume = volume(deployment, mountHolding(container, dataRoot + "/some.csv").getName());
			claims.add(volume.getPersistentVolumeClaim().getClaimName());
		}

		assertThat(claims).hasSize(2).containsOnly(claims.get(0));
	}

	@Test
	void withoutASharedVolumeEachPodHasItsOwnEmptyDirAndNoDataClaimExists() {
		Chart chart = render(OBJECT_STORAGE);

		assertThat(chart.all(PersistentVolumeClaim.class)).extracting(c -> c.getMetadata().getName())
			.doesNotContain("prod-kindling-data");
		for (Deployment deployment : chart.all(Deployment.class)) {
			Container container = container(deployment);
			String dataRoot = env(container, "KINDLING_DATA_ROOT").getValue();
			Volume volume = volume(deployment, mountHolding(container, dataRoot + "/some.csv").getName());
			assertThat(volume.getPersistentVolumeClaim()).isNull();
			assertThat(volume.getEmptyDir()).isNotNull();
		}
	}

	@Test
	void objectStorageSettingsReachBothRolesWithTheKeysFromTheGivenSecret() {
		Chart chart = render(OBJECT_STORAGE);

		assertThat(chart.all(Deployment.class)).hasSize(2);
		for (Deployment deployment : chart.all(Deployment.class)) {
			Container container = container(deployment);
			assertThat(env(container, "KINDLING_STORAGE_ALLOWEDLOCATIONS").getValue())
				.isEqualTo("s3://lake/,s3://warehouse/out/");
			assertThat(env(container, "KINDLING_STORAGE_S3_ENDPOINT").getValue()).isEqualTo("http://minio.minio:9000");
			assertThat(env(container, "KINDLING_STORAGE_S3_REGION").getValue()).isEqualTo("eu-north-1");
			assertThat(env(container, "KINDLING_STORAGE_S3_PATHSTYLEACCESS").getValue()).isEqualTo("true");
			assertThat(secretRef(container, "KINDLING_STORAGE_S3_ACCESSKEY").getName()).isEqualTo("lake-keys");
			assertThat(secretRef(container, "KINDLING_STORAGE_S3_ACCESSKEY").getKey()).isEqualTo("access-key");
			assertThat(secretRef(container, "KINDLING_STORAGE_S3_SECRETKEY").getKey()).isEqualTo("secret-key");
		}
		for (Secret secret : chart.all(Secret.class)) {
			assertThat(secret.getData()).doesNotContainKeys("s3-access-key", "s3-secret-key");
		}
	}

	@Test
	void s3KeysGivenInValuesAreStoredInTheChartSecretAndWithoutKeysTheDefaultChainIsUsed() {
		Chart chart = render("default", Map.of("storage.allowedLocations[0]", "s3://lake", "storage.s3.accessKey",
				"AKIAEXAMPLE", "storage.s3.secretKey", "secret-of-the-lake"));
		Container executor = container(chart.one(Deployment.class, EXECUTOR));
		SecretKeySelector secretKey = secretRef(executor, "KINDLING_STORAGE_S3_SECRETKEY");

		assertThat(decode(chart.one(Secret.class, secretKey.getName()), secretKey.getKey()))
			.isEqualTo("secret-of-the-lake");
		assertThat(decode(chart.one(Secret.class, secretKey.getName()), "s3-access-key")).isEqualTo("AKIAEXAMPLE");

		Container plain = container(render("default").one(Deployment.class, EXECUTOR));
		assertThat(plain.getEnv()).extracting(EnvVar::getName)
			.doesNotContain("KINDLING_STORAGE_S3_ACCESSKEY", "KINDLING_STORAGE_S3_SECRETKEY",
					"KINDLING_STORAGE_ALLOWEDLOCATIONS");
	}

	@Test
	void theSchemaRejectsAnAllowedLocationThatIsNotOnObjectStorage() {
		assertThatThrownBy(() -> render("default", Map.of("storage.allowedLocations[0]", "/data/in")))
			.hasMessageContaining("allowedLocations");
	}

	@Test
	void theChartCreatedDataClaimIsReadWriteMany() {
		PersistentVolumeClaim data = render("default").one(PersistentVolumeClaim.class, "prod-kindling-data");

		assertThat(data.getSpec().getAccessModes()).containsExactly("ReadWriteMany");
		assertThat(data.getSpec().getResources().getRequests().get("storage").toString()).isEqualTo("10Gi");
	}

	@Test
	void storageClassesAreOmittedSetOrExplicitlyEmpty() {
		Chart chart = render("default",
				Map.of("data.persistence.storageClass", "nfs-client", "driver.persistence.storageClass", "-"));

		assertThat(chart.one(PersistentVolumeClaim.class, "prod-kindling-data").getSpec().getStorageClassName())
			.isEqualTo("nfs-client");
		assertThat(chart.one(PersistentVolumeClaim.class, "prod-kindling-driver-db").getSpec().getStorageClassName())
			.as("\"-\" disables dynamic provisioning")
			.isEmpty();
		assertThat(render("default").one(PersistentVolumeClaim.class, "prod-kindling-data")
			.getSpec()
			.getStorageClassName()).as("empty uses the cluster default").isNull();
	}

	// --- labels and selectors
	// -----------------------------------------------------------------

	@ParameterizedTest
	@MethodSource("valueSets")
	void theDriverServiceSelectsTheDriverPodAndNoExecutorPod(String valueSet) {
		Chart chart = render(valueSet);
		Map<String, String> selector = chart.one(Service.class, DRIVER).getSpec().getSelector();
		Map<String, String> driverPod = chart.one(Deployment.class, DRIVER)
			.getSpec()
			.getTemplate()
			.getMetadata()
			.getLabels();
		Map<String, String> executorPod = chart.one(Deployment.class, EXECUTOR)
			.getSpec()
			.getTemplate()
			.getMetadata()
			.getLabels();

		assertThat(driverPod).containsAllEntriesOf(selector);
		assertThat(matches(selector, executorPod)).isFalse();
		assertThat(selector).containsEntry("app.kubernetes.io/component", "driver");
	}

	@Test
	void eachDeploymentSelectsOnlyItsOwnRole() {
		Chart chart = render("default");
		Deployment driver = chart.one(Deployment.class, DRIVER);
		Deployment executor = chart.one(Deployment.class, EXECUTOR);
		Map<String, String> driverPod = driver.getSpec().getTemplate().getMetadata().getLabels();
		Map<String, String> executorPod = executor.getSpec().getTemplate().getMetadata().getLabels();

		assertThat(matches(executor.getSpec().getSelector().getMatchLabels(), executorPod)).isTrue();
		assertThat(matches(executor.getSpec().getSelector().getMatchLabels(), driverPod)).isFalse();
		assertThat(matches(driver.getSpec().getSelector().getMatchLabels(), executorPod)).isFalse();
		Map<String, String> pdb = chart.one(PodDisruptionBudget.class, EXECUTOR)
			.getSpec()
			.getSelector()
			.getMatchLabels();
		assertThat(matches(pdb, executorPod)).isTrue();
		assertThat(matches(pdb, driverPod)).isFalse();
	}

	// --- scaling
	// -------------------------------------------------------------------------------

	@Test
	void withoutAutoscalingThereIsNoHpaAndTheDeploymentHoldsTheReplicaCount() {
		Chart chart = render("default", Map.of("executor.replicaCount", 4));

		assertThat(chart.all(HorizontalPodAutoscaler.class)).isEmpty();
		assertThat(chart.one(Deployment.class, EXECUTOR).getSpec().getReplicas()).isEqualTo(4);
	}

	@Test
	void withAutoscalingTheHpaScalesTheExecutorDeploymentOnCpu() {
		Chart chart = render("autoscaling-ingress.yaml");

		HorizontalPodAutoscaler hpa = chart.one(HorizontalPodAutoscaler.class, EXECUTOR);

		assertThat(hpa.getSpec().getScaleTargetRef().getKind()).isEqualTo("Deployment");
		assertThat(hpa.getSpec().getScaleTargetRef().getName()).isEqualTo(EXECUTOR);
		assertThat(hpa.getSpec().getMinReplicas()).isEqualTo(3);
		assertThat(hpa.getSpec().getMaxReplicas()).isEqualTo(12);
		assertThat(hpa.getSpec().getMetrics()).singleElement().satisfies(metric -> {
			assertThat(metric.getResource().getName()).isEqualTo("cpu");
			assertThat(metric.getResource().getTarget().getAverageUtilization()).isEqualTo(60);
		});
		assertThat(chart.one(Deployment.class, EXECUTOR).getSpec().getReplicas()).as("the HPA owns the replica count")
			.isNull();
	}

	@Test
	void autoscalingWithMinAboveMaxFailsToRender() {
		assertThatThrownBy(
				() -> render("default",
						Map.of("executor.autoscaling.enabled", true, "executor.autoscaling.minReplicas", 5,
								"executor.autoscaling.maxReplicas", 2)))
			.hasMessageContaining("minReplicas must not exceed");
	}

	@Test
	void autoscalingOnWorkScalesOnTheDriversDesiredExecutorsThroughTheExternalMetricsApi() {
		Chart chart = render("autoscaling-work.yaml");

		HorizontalPodAutoscaler hpa = chart.one(HorizontalPodAutoscaler.class, EXECUTOR);

		assertThat(hpa.getSpec().getScaleTargetRef().getName()).isEqualTo(EXECUTOR);
		assertThat(hpa.getSpec().getMinReplicas()).isEqualTo(1);
		assertThat(hpa.getSpec().getMaxReplicas()).isEqualTo(20);
		assertThat(hpa.getSpec().getMetrics()).singleElement().satisfies((metric) -> {
			assertThat(metric.getType()).isEqualTo("External");
			assertThat(metric.getExternal().getMetric().getName()).isEqualTo("kindling_executors_desired");
			assertThat(metric.getExternal().getMetric().getSelector().getMatchLabels()).containsEntry("service",
					chart.one(Service.class, DRIVER).getMetadata().getName());
			assertThat(metric.getExternal().getTarget().getType()).as("one executor per unit: replicas = the metric")
				.isEqualTo("AverageValue");
			assertThat(metric.getExternal().getTarget().getAverageValue().toString()).isEqualTo("1");
		});
		assertThat(hpa.getSpec().getBehavior().getScaleDown().getStabilizationWindowSeconds()).isEqualTo(120);
		assertThat(chart.all(GenericKubernetesResource.class)).as("the driver is scraped, and no ScaledObject")
			.extracting(GenericKubernetesResource::getKind)
			.containsExactly("ServiceMonitor");
		assertThat(render("autoscaling-ingress.yaml").one(HorizontalPodAutoscaler.class, EXECUTOR)
			.getSpec()
			.getBehavior()
			.getScaleDown()
			.getStabilizationWindowSeconds()).as("the default").isEqualTo(300);
	}

	@Test
	@SuppressWarnings("unchecked")
	void autoscalingWithKedaRendersAScaledObjectOnThePrometheusMetricInsteadOfAnHpa() {
		Chart chart = render("autoscaling-work.yaml", Map.of("executor.autoscaling.metric", "keda",
				"executor.autoscaling.keda.serverAddress", "http://prometheus-operated.monitoring:9090"));

		GenericKubernetesResource scaled = chart.one(GenericKubernetesResource.class, EXECUTOR);
		Map<String, Object> spec = (Map<String, Object>) scaled.getAdditionalProperties().get("spec");
		Map<String, Object> trigger = ((List<Map<String, Object>>) spec.get("triggers")).get(0);
		Map<String, Object> metadata = (Map<String, Object>) trigger.get("metadata");

		assertThat(scaled.getApiVersion()).isEqualTo("keda.sh/v1alpha1");
		assertThat(scaled.getKind()).isEqualTo("ScaledObject");
		assertThat(chart.all(HorizontalPodAutoscaler.class)).as("KEDA makes its own HPA").isEmpty();
		assertThat(chart.one(Deployment.class, EXECUTOR).getSpec().getReplicas()).as("KEDA owns the replica count")
			.isNull();
		assertThat((Map<String, Object>) spec.get("scaleTargetRef")).containsEntry("name", EXECUTOR)
			.containsEntry("kind", "Deployment");
		assertThat(spec).containsEntry("minReplicaCount", 1).containsEntry("maxReplicaCount", 20);
		assertThat(trigger).containsEntry("type", "prometheus").containsEntry("metricType", "AverageValue");
		assertThat(metadata).containsEntry("serverAddress", "http://prometheus-operated.monitoring:9090")
			.containsEntry("threshold", "1")
			.containsEntry("query",
					"max(kindling_executors_desired{namespace=\"" + NAMESPACE + "\",service=\"" + DRIVER + "\"})");
		assertThatThrownBy(() -> render("autoscaling-work.yaml", Map.of("executor.autoscaling.metric", "keda")))
			.hasMessageContaining("executor.autoscaling.keda.serverAddress is required");
	}

	@Test
	void theSchemaRejectsAnUnknownAutoscalingMetric() {
		assertThatThrownBy(() -> render("default", Map.of("executor.autoscaling.metric", "memory")))
			.hasMessageContaining("metric");
	}

	// --- TLS
	// -----------------------------------------------------------------------------------

	@Test
	void withTlsFromASecretBothRolesServeHttpsWithTheMountedBundleAndCallEachOtherOverIt() {
		Chart chart = render("tls-existing-secret.yaml");

		for (Deployment deployment : chart.all(Deployment.class)) {
			String name = deployment.getMetadata().getName();
			Container container = container(deployment);
			assertThat(env(container, "KINDLING_TLS_BUNDLE").getValue()).as(name).isEqualTo("cluster");
			assertThat(env(container, "KINDLING_TLS_MUTUAL").getValue()).as(name).isEqualTo("true");
			assertThat(env(container, "SPRING_SSL_BUNDLE_PEM_CLUSTER_KEYSTORE_CERTIFICATE").getValue()).as(name)
				.isEqualTo("file:/etc/kindling/tls/tls.crt");
			assertThat(env(container, "SPRING_SSL_BUNDLE_PEM_CLUSTER_KEYSTORE_PRIVATEKEY").getValue()).as(name)
				.isEqualTo("file:/etc/kindling/tls/tls.key");
			assertThat(env(container, "SPRING_SSL_BUNDLE_PEM_CLUSTER_TRUSTSTORE_CERTIFICATE").getValue()).as(name)
				.isEqualTo("file:/etc/kindling/tls/ca.crt");
			VolumeMount mount = mountHolding(container, "/etc/kindling/tls/tls.crt");
			assertThat(mount.getReadOnly()).as(name).isTrue();
			assertThat(volume(deployment, mount.getName()).getSecret().getSecretName()).as(name)
				.isEqualTo("kindling-cluster-tls");
			for (Probe probe : List.of(container.getStartupProbe(), container.getLivenessProbe(),
					container.getReadinessProbe())) {
				assertThat(probe.getHttpGet().getScheme()).as(name).isEqualTo("HTTPS");
			}
			assertThat(deployment.getSpec().getTemplate().getMetadata().getAnnotations()).as(name)
				.containsKey("checksum/tls");
		}
		Container executor = container(chart.one(Deployment.class, EXECUTOR));
		assertThat(env(executor, "KINDLING_DRIVER_URL").getValue()).isEqualTo("https://" + DRIVER + ":8080");
		assertThat(env(executor, "KINDLING_EXECUTOR_ADVERTISE_URL").getValue()).isEqualTo("https://$(POD_IP):8080");
		assertThat(env(executor, "KINDLING_TLS_CHECK_EXECUTOR_HOST_NAMES").getValue())
			.as("a shared certificate cannot name pod IPs")
			.isEqualTo("false");
		assertThat(container(chart.one(Deployment.class, DRIVER)).getEnv()).extracting(EnvVar::getName)
			.doesNotContain("KINDLING_TLS_CHECK_EXECUTOR_HOST_NAMES");
		assertThat(chart.all(GenericKubernetesResource.class)).extracting(GenericKubernetesResource::getKind)
			.as("no Certificate when the Secret is given")
			.doesNotContain("Certificate");
	}

	@Test
	void theHelmTestPodAndPrometheusReachTheDriverOverHttpsTrustingOnlyTheAuthority() {
		Chart chart = render("tls-existing-secret.yaml", Map.of("driver.serviceMonitor.enabled", true));

		Pod test = chart.all(Pod.class).get(0);
		Container curl = test.getSpec().getContainers().get(0);
		assertThat(env(curl, "KINDLING_URL").getValue()).isEqualTo("https://" + DRIVER + ":8080");
		assertThat(env(curl, "CURL_CA_BUNDLE").getValue()).isEqualTo("/etc/kindling/tls/ca.crt");
		Volume tls = test.getSpec().getVolumes().get(0);
		assertThat(tls.getSecret().getSecretName()).isEqualTo("kindling-cluster-tls");
		assertThat(tls.getSecret().getItems()).as("the test pod never sees the private key")
			.extracting(item -> item.getKey())
			.containsExactly("ca.crt");
		assertThat(curl.getVolumeMounts()).singleElement()
			.satisfies(mount -> assertThat(mount.getMountPath()).isEqualTo("/etc/kindling/tls"));

		GenericKubernetesResource monitor = chart.one(GenericKubernetesResource.class, DRIVER);
		assertThat(monitor.getKind()).isEqualTo("ServiceMonitor");
		assertThat(monitor.toString()).contains("scheme=https", "serverName=" + DRIVER, "name=kindling-cluster-tls",
				"key=ca.crt");
	}

	@Test
	@SuppressWarnings("unchecked")
	void withCertManagerTheChartRequestsOneCertificateNamingTheDriverServiceForServerAndClientUse() {
		Chart chart = render("tls-cert-manager.yaml");

		GenericKubernetesResource certificate = chart.all(GenericKubernetesResource.class)
			.stream()
			.filter(r -> r.getKind().equals("Certificate"))
			.findFirst()
			.orElseThrow();
		Map<String, Object> spec = (Map<String, Object>) certificate.getAdditionalProperties().get("spec");

		assertThat(certificate.getApiVersion()).isEqualTo("cert-manager.io/v1");
		assertThat(spec).containsEntry("secretName", "prod-kindling-tls");
		assertThat((List<String>) spec.get("dnsNames")).containsExactly(DRIVER, DRIVER + "." + NAMESPACE,
				DRIVER + "." + NAMESPACE + ".svc", DRIVER + "." + NAMESPACE + ".svc.cluster.local",
				"kindling.example.com");
		assertThat((List<String>) spec.get("usages")).contains("server auth", "client auth");
		assertThat((Map<String, Object>) spec.get("issuerRef")).containsEntry("name", "kindling-ca")
			.containsEntry("kind", "ClusterIssuer");
		assertThat((Map<String, Object>) spec.get("privateKey")).containsEntry("encoding", "PKCS8");
		for (Deployment deployment : chart.all(Deployment.class)) {
			VolumeMount mount = mountHolding(container(deployment), "/etc/kindling/tls/ca.crt");
			assertThat(volume(deployment, mount.getName()).getSecret().getSecretName())
				.isEqualTo(spec.get("secretName"));
		}
		assertThatThrownBy(() -> render("default", Map.of("tls.enabled", true)))
			.hasMessageContaining("tls.enabled needs tls.existingSecret or tls.certManager.enabled");
		assertThatThrownBy(() -> render("default", Map.of("tls.enabled", true, "tls.certManager.enabled", true)))
			.hasMessageContaining("tls.certManager.issuerRef.name is required");
	}

	@Test
	void withoutTlsNothingOfItIsRendered() {
		Chart chart = render("default");

		for (Deployment deployment : chart.all(Deployment.class)) {
			assertThat(container(deployment).getEnv()).extracting(EnvVar::getName)
				.noneMatch(name -> name.startsWith("KINDLING_TLS") || name.startsWith("SPRING_SSL"));
			assertThat(deployment.getSpec().getTemplate().getSpec().getVolumes()).extracting(Volume::getName)
				.doesNotContain("tls");
			assertThat(container(deployment).getReadinessProbe().getHttpGet().getScheme()).isNull();
		}
	}

	// --- ingress and metrics
	// -------------------------------------------------------------------

	@Test
	void theIngressRoutesToTheDriverServicePort() {
		Chart chart = render("autoscaling-ingress.yaml");

		Ingress ingress = chart.one(Ingress.class, DRIVER);

		assertThat(ingress.getSpec().getIngressClassName()).isEqualTo("nginx");
		var backend = ingress.getSpec().getRules().get(0).getHttp().getPaths().get(0).getBackend().getService();
		assertThat(backend.getName()).isEqualTo(DRIVER);
		assertThat(backend.getPort().getName())
			.isEqualTo(chart.one(Service.class, DRIVER).getSpec().getPorts().get(0).getName());
		assertThat(ingress.getSpec().getTls().get(0).getSecretName()).isEqualTo("kindling-tls");
		assertThat(render("default").all(Ingress.class)).isEmpty();
	}

	@Test
	@SuppressWarnings("unchecked")
	void theServiceMonitorScrapesThePrometheusEndpointWhichTheDriverThenServesWithoutApiKey() {
		Chart chart = render("service-monitor.yaml");
		GenericKubernetesResource monitor = chart.one(GenericKubernetesResource.class, DRIVER);
		Map<String, Object> spec = (Map<String, Object>) monitor.getAdditionalProperties().get("spec");
		Map<String, Object> endpoint = ((List<Map<String, Object>>) spec.get("endpoints")).get(0);
		Map<String, String> selector = (Map<String, String>) ((Map<String, Object>) spec.get("selector"))
			.get("matchLabels");
		Service service = chart.one(Service.class, DRIVER);

		assertThat(monitor.getKind()).isEqualTo("ServiceMonitor");
		assertThat(monitor.getMetadata().getLabels()).containsEntry("release", "prometheus");
		assertThat(endpoint).containsEntry("path", "/actuator/prometheus")
			.containsEntry("port", service.getSpec().getPorts().get(0).getName())
			.containsEntry("interval", "15s");
		assertThat(matches(selector, service.getMetadata().getLabels())).isTrue();
		assertThat(env(container(chart.one(Deployment.class, DRIVER)), "KINDLING_SECURITY_PUBLIC_METRICS").getValue())
			.isEqualTo("true");
		assertThat(container(render("default").one(Deployment.class, DRIVER)).getEnv()).extracting(EnvVar::getName)
			.doesNotContain("KINDLING_SECURITY_PUBLIC_METRICS");
	}

	// --- hardening and shutdown
	// ----------------------------------------------------------------

	@ParameterizedTest
	@MethodSource("valueSets")
	void everyPodAndContainerIsHardened(String valueSet) {
		Chart chart = render(valueSet);
		Map<String, PodSpec> pods = new LinkedHashMap<>();
		chart.all(Deployment.class)
			.forEach(d -> pods.put(d.getMetadata().getName(), d.getSpec().getTemplate().getSpec()));
		chart.all(Pod.class).forEach(p -> pods.put(p.getMetadata().getName(), p.getSpec()));

		assertThat(pods).hasSize(3);
		pods.forEach((name, pod) -> {
			PodSecurityContext podContext = pod.getSecurityContext();
			assertThat(podContext.getRunAsNonRoot()).as(name).isTrue();
			assertThat(podContext.getRunAsUser()).as(name).isEqualTo(10001L);
			assertThat(podContext.getSeccompProfile().getType()).as(name).isEqualTo("RuntimeDefault");
			assertThat(pod.getAutomountServiceAccountToken()).as(name).isFalse();
			List<Container> containers = new ArrayList<>(pod.getContainers());
			containers.addAll(Optional.ofNullable(pod.getInitContainers()).orElse(List.of()));
			for (Container container : containers) {
				SecurityContext context = container.getSecurityContext();
				assertThat(context.getRunAsNonRoot()).as(name).isTrue();
				assertThat(context.getRunAsUser()).as(name).isEqualTo(10001L);
				assertThat(context.getAllowPrivilegeEscalation()).as(name).isFalse();
				assertThat(context.getReadOnlyRootFilesystem()).as(name).isTrue();
				assertThat(context.getPrivileged()).as(name).isFalse();
				assertThat(context.getCapabilities().getDrop()).as(name).containsExactly("ALL");
				assertThat(context.getCapabilities().getAdd()).as(name).isNullOrEmpty();
				assertThat(context.getSeccompProfile().getType()).as(name).isEqualTo("RuntimeDefault");
			}
		});
	}

	@Test
	void kindlingContainersWriteTmpToAnEmptyDirBecauseTheRootFilesystemIsReadOnly() {
		Chart chart = render("default");

		for (Deployment deployment : chart.all(Deployment.class)) {
			Volume tmp = volume(deployment, mountHolding(container(deployment), "/tmp/x").getName());
			assertThat(tmp.getEmptyDir()).isNotNull();
		}
	}

	@Test
	void bothRolesShutDownGracefullyWithinTheirGracePeriod() {
		Chart chart = render("default");

		for (Deployment deployment : chart.all(Deployment.class)) {
			Container container = container(deployment);
			List<String> preStop = container.getLifecycle().getPreStop().getExec().getCommand();
			long sleep = Long.parseLong(preStop.get(1));
			String timeout = env(container, "SPRING_LIFECYCLE_TIMEOUT_PER_SHUTDOWN_PHASE").getValue();
			long timeoutSeconds = Long.parseLong(timeout.replace("s", ""));

			assertThat(env(container, "SERVER_SHUTDOWN").getValue()).isEqualTo("graceful");
			assertThat(preStop.get(0)).isEqualTo("sleep");
			assertThat(deployment.getSpec().getTemplate().getSpec().getTerminationGracePeriodSeconds())
				.as(deployment.getMetadata().getName())
				.isGreaterThan(sleep + timeoutSeconds);
		}
	}

	// --- the helm test hook
	// ---------------------------------------------------------------------

	@ParameterizedTest
	@MethodSource("valueSets")
	void theHelmTestPodSubmitsAJobToTheDriverServiceWithTheDriversApiKey(String valueSet) {
		Chart chart = render(valueSet);
		Pod test = chart.all(Pod.class).get(0);
		Container curl = test.getSpec().getContainers().get(0);
		Service service = chart.one(Service.class, DRIVER);

		assertThat(test.getMetadata().getAnnotations()).containsEntry(HOOK_UNDER_TEST, "test");
		assertThat(test.getSpec().getRestartPolicy()).isEqualTo("Never");
		assertThat(env(curl, "KINDLING_URL").getValue()).isEqualTo("%s://%s:%d", scheme(valueSet),
				service.getMetadata().getName(), service.getSpec().getPorts().get(0).getPort());
		assertThat(secretRef(curl, "KINDLING_API_KEY"))
			.isEqualTo(secretRef(container(chart.one(Deployment.class, DRIVER)), "KINDLING_SECURITY_API_KEY"));
		String script = String.join("\n", curl.getCommand());
		assertThat(script).contains("/api/v1/datasets/helm-test.csv", "/api/v1/jobs?wait=60s", "X-API-Key",
				"\"SUCCEEDED\"", "\"count\"");
	}

	@Test
	void theRealChartDeclaresTheTestPodAsAHelmTestHook() throws IOException {
		String hook = Files.readString(CHART.resolve("templates").resolve(TEST_HOOK));

		assertThat(hook).contains(HOOK_ANNOTATION).contains("\"helm.sh/hook-delete-policy\": before-hook-creation");
	}

	// --- NOTES.txt
	// --------------------------------------------------------------------------------

	@Test
	void theNotesShowHowToReadTheApiKeyAndReachTheDriver() {
		String notes = notes("default");

		assertThat(notes)
			.contains("kubectl get secret --namespace jobs prod-kindling -o jsonpath='{.data.api-key}' | base64 -d")
			.contains("kubectl port-forward --namespace jobs service/prod-kindling-driver 8080:8080")
			.contains("/api/v1/jobs?wait=60s")
			.contains("helm test --namespace jobs prod");
	}

	@Test
	void theNotesReadTheApiKeyFromAnExistingSecretAndUseTheIngressHost() {
		assertThat(notes("custom-auth.yaml"))
			.contains("kubectl get secret --namespace jobs team-kindling-auth -o jsonpath='{.data.public-token}'");
		assertThat(notes("autoscaling-ingress.yaml")).contains("export KINDLING_URL=https://kindling.example.com");
	}

	// --- values.yaml documentation
	// ---------------------------------------------------------------

	/**
	 * Kubernetes objects and list items passed through as they are: documented as a
	 * whole.
	 */
	private static final Set<String> PASS_THROUGH = Set.of("podSecurityContext", "securityContext", "driver.resources",
			"executor.resources", "driver.ingress.hosts", "driver.ingress.tls");

	@Test
	void everyValueIsDocumentedByACommentStartingWithItsName() throws IOException {
		List<String> lines = Files.readAllLines(CHART.resolve("values.yaml"));
		Pattern key = Pattern.compile("^( *)([A-Za-z][A-Za-z0-9]*):.*$");
		List<String> path = new ArrayList<>();
		List<Integer> indents = new ArrayList<>();
		List<String> undocumented = new ArrayList<>();
		String comment = "";
		boolean inComment = false;
		for (String line : lines) {
			Matcher matcher = key.matcher(line);
			if (matcher.matches()) {
				int indent = matcher.group(1).length();
				while (!indents.isEmpty() && indents.get(indents.size() - 1) >= indent) {
					indents.remove(indents.size() - 1);
					path.remove(path.size() - 1);
				}
				String parent = String.join(".", path);
				path.add(matcher.group(2));
				indents.add(indent);
				String name = String.join(".", path);
				boolean passedThrough = PASS_THROUGH.stream()
					.anyMatch(p -> parent.equals(p) || parent.startsWith(p + "."));
				if (!passedThrough && !comment.startsWith("# " + name + " -- ")) {
					undocumented.add(name);
				}
			}
			// The comment block right above a key is what documents it; its first line
			// names it.
			boolean isComment = line.trim().startsWith("#");
			if (isComment && !inComment) {
				comment = line.trim();
			}
			else if (!isComment) {
				comment = "";
			}
			inComment = isComment;
		}

		assertThat(undocumented).isEmpty();
	}

	@Test
	void podsRollWhenGivenAuthValuesChangeButNotOtherwise() {
		String before = render("default").one(Deployment.class, EXECUTOR)
			.getSpec()
			.getTemplate()
			.getMetadata()
			.getAnnotations()
			.get("checksum/auth");
		String again = render("default").one(Deployment.class, DRIVER)
			.getSpec()
			.getTemplate()
			.getMetadata()
			.getAnnotations()
			.get("checksum/auth");
		String changed = render("default", Map.of("auth.apiKey", "a-new-api-key-for-all")).one(Deployment.class, DRIVER)
			.getSpec()
			.getTemplate()
			.getMetadata()
			.getAnnotations()
			.get("checksum/auth");

		assertThat(before).isNotBlank().isEqualTo(again).isNotEqualTo(changed);
	}

	// --- the values schema
	// ----------------------------------------------------------------------

	private static final String SCHEMA = "values don't meet the specifications of the schema";

	@Test
	void theSchemaRejectsAnUnknownValueKey() {
		assertThatThrownBy(() -> render("default", Map.of("driver.replicas", 2))).hasMessageContaining(SCHEMA)
			.hasMessageContaining("at '/driver': additional properties 'replicas' not allowed");
		assertThatThrownBy(() -> render("default", Map.of("imageTag", "1.0"))).hasMessageContaining(SCHEMA)
			.hasMessageContaining("additional properties 'imageTag' not allowed");
	}

	@Test
	void theSchemaRejectsANegativeReplicaCount() {
		assertThatThrownBy(() -> render("default", Map.of("executor.replicaCount", -1))).hasMessageContaining(SCHEMA)
			.hasMessageContaining("at '/executor/replicaCount': minimum");
	}

	@Test
	void theSchemaRejectsAnUnknownDatabaseType() {
		assertThatThrownBy(() -> render("default", Map.of("database.type", "mysql"))).hasMessageContaining(SCHEMA)
			.hasMessageContaining("at '/database/type': value must be one of 'h2', 'postgresql'");
	}

	@Test
	void theSchemaRejectsZeroSlots() {
		assertThatThrownBy(() -> render("default", Map.of("executor.slots", 0))).hasMessageContaining(SCHEMA)
			.hasMessageContaining("at '/executor/slots': minimum");
	}

	// --- the Dockerfile
	// -------------------------------------------------------------------------

	@Test
	void theImageRunsWhatTheChartExpects() throws IOException {
		String dockerfile = Files.readString(Path.of("Dockerfile"), StandardCharsets.UTF_8);
		String runtime = dockerfile.substring(dockerfile.lastIndexOf("\nFROM "));
		Chart chart = render("default");

		assertThat(instruction(runtime, "FROM")).isEqualTo("debian:bookworm-slim");
		assertThat(runtime).as("the jlinked runtime from the JDK stage")
			.contains("COPY --from=runtime /javaruntime ${JAVA_HOME}");
		assertThat(instruction(runtime, "ENTRYPOINT"))
			.isEqualTo("[\"java\", \"org.springframework.boot.loader.launch.JarLauncher\"]");
		assertThat(instruction(runtime, "EXPOSE")).isEqualTo("8080");
		String[] user = instruction(runtime, "USER").split(":");
		assertThat(runtime).contains("JAVA_TOOL_OPTIONS=\"-XX:MaxRAMPercentage=75\"");
		assertThat(instruction(runtime, "VOLUME")).contains("\"/data\"", "\"/var/lib/kindling\"");
		assertThat(layerCopyOrder(runtime)).containsExactly("dependencies", "spring-boot-loader",
				"snapshot-dependencies", "application");

		for (Deployment deployment : chart.all(Deployment.class)) {
			PodSpec pod = deployment.getSpec().getTemplate().getSpec();
			Container container = container(deployment);
			assertThat(container.getCommand()).as("the image's ENTRYPOINT runs").isNullOrEmpty();
			assertThat(container.getArgs()).isNullOrEmpty();
			assertThat(pod.getSecurityContext().getRunAsUser()).isEqualTo(Long.parseLong(user[0]));
			assertThat(pod.getSecurityContext().getRunAsGroup()).isEqualTo(Long.parseLong(user[1]));
			assertThat(containerPort(container, "http")).isEqualTo(Integer.parseInt(instruction(runtime, "EXPOSE")));
		}
	}

	@Test
	void theImagesOwnDatabaseIsTheChartsDurableH2File() throws IOException {
		String dockerfile = Files.readString(Path.of("Dockerfile"), StandardCharsets.UTF_8);
		String runtime = dockerfile.substring(dockerfile.lastIndexOf("\nFROM "));
		Matcher env = Pattern.compile("SPRING_DATASOURCE_URL=\"([^\"]+)\"").matcher(runtime);
		assertThat(env.find()).as("SPRING_DATASOURCE_URL in the runtime stage").isTrue();

		String chartUrl = env(container(render("default").one(Deployment.class, DRIVER)), "SPRING_DATASOURCE_URL")
			.getValue();
		assertThat(env.group(1)).isEqualTo(chartUrl);
	}

	// --- what .ci/container-test plays
	// ----------------------------------------------------------

	/**
	 * Renders the chart as {@code .ci/container-test} installs it (release
	 * {@code kct-kindling}, the image it builds, three executors) and writes each
	 * document, the {@code helm test} pod included, as JSON to
	 * {@code target/container-test/chart}. The script bridges what podman cannot play;
	 * this checks the names it relies on.
	 */
	@Test
	void writesTheManifestsTheContainerTestPlays() throws IOException {
		String yaml = new Helm(renderable).template()
			.withName("kct-kindling")
			.withNamespace("default")
			.withKubeVersion(KUBE_VERSION)
			.withValuesFile(VALUE_SETS.resolve(CONTAINER_TEST_VALUES))
			.call();
		Chart chart = new Chart(parse(yaml));

		Container executor = container(chart.one(Deployment.class, "kct-kindling-executor"));
		assertThat(executor.getImage()).isEqualTo("localhost/kindling:container-test");
		assertThat(env(executor, "KINDLING_DRIVER_URL").getValue()).isEqualTo("http://kct-kindling-driver:8080");
		assertThat(env(executor, "KINDLING_EXECUTOR_ADVERTISE_URL").getValue()).isEqualTo("http://$(POD_IP):8080");
		assertThat(chart.one(Deployment.class, "kct-kindling-executor").getSpec().getReplicas()).isEqualTo(3);
		assertThat(chart.one(Service.class, "kct-kindling-driver")).isNotNull();
		assertThat(chart.one(Secret.class, "kct-kindling").getData()).containsKeys("api-key", "shared-secret");
		assertThat(chart.one(Pod.class, "kct-kindling-test").getSpec().getContainers().get(0).getCommand())
			.startsWith("/bin/sh");

		if (Files.isDirectory(CONTAINER_TEST_MANIFESTS)) {
			try (Stream<Path> old = Files.list(CONTAINER_TEST_MANIFESTS)) {
				for (Path file : old.toList()) {
					Files.delete(file);
				}
			}
		}
		Files.createDirectories(CONTAINER_TEST_MANIFESTS);
		int i = 0;
		for (Object document : new Yaml(new SafeConstructor(new LoaderOptions())).loadAll(yaml)) {
			if (document instanceof Map<?, ?> map) {
				String name = ((Map<?, ?>) map.get("metadata")).get("name").toString();
				String file = String.format("%02d-%s-%s.json", i++,
						map.get("kind").toString().toLowerCase(java.util.Locale.ROOT), name);
				Files.writeString(CONTAINER_TEST_MANIFESTS.resolve(file),
						MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(map) + "\n");
			}
		}
		try (Stream<Path> written = Files.list(CONTAINER_TEST_MANIFESTS)) {
			assertThat(written).hasSize(chart.resources().size());
		}
	}

	// --- helpers
	// ---------------------------------------------------------------------------------

	/** The rendered, strictly parsed documents of one value set. */
	record Chart(List<HasMetadata> resources) {

		<T extends HasMetadata> List<T> all(Class<T> type) {
			return this.resources.stream().filter(type::isInstance).map(type::cast).toList();
		}

		<T extends HasMetadata> T one(Class<T> type, String name) {
			List<T> found = all(type).stream().filter(r -> name.equals(r.getMetadata().getName())).toList();
			assertThat(found).as("%s %s", type.getSimpleName(), name).hasSize(1);
			return found.get(0);
		}

	}

	private static final Map<String, Class<? extends HasMetadata>> KINDS = Map.of("apps/v1 Deployment",
			Deployment.class, "v1 Service", Service.class, "v1 PersistentVolumeClaim", PersistentVolumeClaim.class,
			"v1 Secret", Secret.class, "v1 ServiceAccount", ServiceAccount.class, "v1 Pod", Pod.class,
			"autoscaling/v2 HorizontalPodAutoscaler", HorizontalPodAutoscaler.class, "policy/v1 PodDisruptionBudget",
			PodDisruptionBudget.class, "networking.k8s.io/v1 Ingress", Ingress.class);

	/**
	 * Fields of a ServiceMonitor (monitoring.coreos.com/v1) this chart may set; fabric8 8
	 * has no model for it.
	 */
	private static final Set<String> SERVICE_MONITOR_SPEC = Set.of("endpoints", "selector", "namespaceSelector",
			"jobLabel", "targetLabels", "podTargetLabels", "sampleLimit");

	private static final Set<String> SERVICE_MONITOR_ENDPOINT = Set.of("port", "path", "interval", "scrapeTimeout",
			"scheme", "tlsConfig", "honorLabels", "relabelings", "metricRelabelings");

	/**
	 * Top-level spec fields of the other custom resources the chart may render, from
	 * their CRDs (cert-manager.io/v1, keda.sh/v1alpha1); fabric8 8 has no model for them.
	 */
	private static final Map<String, Set<String>> CUSTOM_SPECS = Map.of("cert-manager.io/v1 Certificate",
			Set.of("secretName", "commonName", "dnsNames", "ipAddresses", "uris", "duration", "renewBefore",
					"privateKey", "usages", "issuerRef", "subject", "isCA", "secretTemplate"),
			"keda.sh/v1alpha1 ScaledObject", Set.of("scaleTargetRef", "pollingInterval", "cooldownPeriod",
					"idleReplicaCount", "minReplicaCount", "maxReplicaCount", "advanced", "triggers", "fallback"));

	private static final JsonMapper MAPPER = JsonMapper.builder()
		.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
		.disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
		.build();

	private static Chart render(String valueSet) {
		return render(valueSet, Map.of());
	}

	private static Chart render(String valueSet, Map<String, Object> sets) {
		var template = new Helm(renderable).template()
			.withName(RELEASE)
			.withNamespace(NAMESPACE)
			.withKubeVersion(KUBE_VERSION);
		if (!"default".equals(valueSet)) {
			template = template.withValuesFile(VALUE_SETS.resolve(valueSet));
		}
		for (Map.Entry<String, Object> set : sets.entrySet()) {
			template = template.set(set.getKey(), set.getValue());
		}
		return new Chart(parse(template.call()));
	}

	/**
	 * The rendered NOTES.txt, from a client-only dry-run install (nothing contacts a
	 * cluster).
	 */
	private static String notes(String valueSet) {
		var install = new Helm(CHART).install()
			.withName(RELEASE)
			.withNamespace(NAMESPACE)
			.withKubeVersion(KUBE_VERSION)
			.dryRun()
			.withDryRunOption(DryRun.CLIENT)
			.clientOnly();
		if (!"default".equals(valueSet)) {
			install = install.withValuesFile(VALUE_SETS.resolve(valueSet));
		}
		String output = install.call().getOutput();
		assertThat(output).contains("NOTES:");
		return output.substring(output.indexOf("NOTES:"));
	}

	/**
	 * Binds each YAML document to its fabric8 class and fails on any field the model does
	 * not have.
	 */
	@SuppressWarnings("unchecked")
	static List<HasMetadata> parse(String yaml) {
		List<HasMetadata> resources = new ArrayList<>();
		for (Object document : new Yaml(new SafeConstructor(new LoaderOptions())).loadAll(yaml)) {
			if (document == null) {
				continue;
			}
			Map<String, Object> map = (Map<String, Object>) document;
			String apiVersionKind = map.get("apiVersion") + " " + map.get("kind");
			if ("monitoring.coreos.com/v1 ServiceMonitor".equals(apiVersionKind)) {
				resources.add(parseServiceMonitor(map));
				continue;
			}
			if (CUSTOM_SPECS.containsKey(apiVersionKind)) {
				resources.add(parseCustom(map, CUSTOM_SPECS.get(apiVersionKind)));
				continue;
			}
			Class<? extends HasMetadata> type = KINDS.get(apiVersionKind);
			if (type == null) {
				fail("the chart renders a kind this test does not know: " + apiVersionKind);
			}
			HasMetadata resource = MAPPER.convertValue(map, type);
			assertNoUnknownFields(resource, map.get("kind") + "/" + resource.getMetadata().getName());
			resources.add(resource);
		}
		return resources;
	}

	@SuppressWarnings("unchecked")
	private static GenericKubernetesResource parseServiceMonitor(Map<String, Object> map) {
		GenericKubernetesResource resource = MAPPER.convertValue(map, GenericKubernetesResource.class);
		assertNoUnknownFields(resource.getMetadata(), "ServiceMonitor.metadata");
		assertThat(map.keySet()).containsOnly("apiVersion", "kind", "metadata", "spec");
		Map<String, Object> spec = (Map<String, Object>) map.get("spec");
		assertThat(SERVICE_MONITOR_SPEC).containsAll(spec.keySet());
		for (Map<String, Object> endpoint : (List<Map<String, Object>>) spec.get("endpoints")) {
			assertThat(SERVICE_MONITOR_ENDPOINT).containsAll(endpoint.keySet());
		}
		return resource;
	}

	@SuppressWarnings("unchecked")
	private static GenericKubernetesResource parseCustom(Map<String, Object> map, Set<String> specFields) {
		GenericKubernetesResource resource = MAPPER.convertValue(map, GenericKubernetesResource.class);
		assertNoUnknownFields(resource.getMetadata(), map.get("kind") + ".metadata");
		assertThat(map.keySet()).containsOnly("apiVersion", "kind", "metadata", "spec");
		assertThat(specFields).containsAll(((Map<String, Object>) map.get("spec")).keySet());
		return resource;
	}

	/**
	 * fabric8 models keep unknown fields in {@code additionalProperties} instead of
	 * failing, so walk the bound objects and fail on any that caught something.
	 */
	private static void assertNoUnknownFields(Object value, String path) {
		if (value == null) {
			return;
		}
		if (value instanceof Collection<?> collection) {
			int i = 0;
			for (Object item : collection) {
				assertNoUnknownFields(item, path + "[" + i++ + "]");
			}
			return;
		}
		if (value instanceof Map<?, ?> map) {
			map.forEach((key, item) -> assertNoUnknownFields(item, path + "." + key));
			return;
		}
		if (!value.getClass().getPackageName().startsWith("io.fabric8.kubernetes.api.model")) {
			return;
		}
		for (Method getter : value.getClass().getMethods()) {
			if (getter.getParameterCount() != 0 || Modifier.isStatic(getter.getModifiers())
					|| !getter.getName().startsWith("get") || getter.getDeclaringClass() == Object.class) {
				continue;
			}
			// Checked before the @JsonIgnore filter: fabric8 marks it @JsonAnyGetter and
			// @JsonIgnore.
			if (getter.getName().equals("getAdditionalProperties")) {
				if (invoke(getter, value) instanceof Map<?, ?> extra && !extra.isEmpty()) {
					fail("%s has fields Kubernetes does not know: %s", path, extra.keySet());
				}
				continue;
			}
			if (getter.isAnnotationPresent(JsonIgnore.class)) {
				continue;
			}
			assertNoUnknownFields(invoke(getter, value), path + "." + decapitalize(getter.getName().substring(3)));
		}
	}

	private static Object invoke(Method getter, Object target) {
		try {
			return getter.invoke(target);
		}
		catch (IllegalAccessException | InvocationTargetException ex) {
			throw new IllegalStateException(getter.toString(), ex);
		}
	}

	private static String decapitalize(String name) {
		return name.isEmpty() ? name : Character.toLowerCase(name.charAt(0)) + name.substring(1);
	}

	private static Container container(Deployment deployment) {
		List<Container> containers = deployment.getSpec().getTemplate().getSpec().getContainers();
		assertThat(containers).hasSize(1);
		return containers.get(0);
	}

	private static EnvVar env(Container container, String name) {
		return env(container.getEnv(), name);
	}

	private static EnvVar env(List<EnvVar> env, String name) {
		List<EnvVar> found = env.stream().filter(e -> name.equals(e.getName())).toList();
		assertThat(found).as("env %s", name).hasSize(1);
		return found.get(0);
	}

	private static SecretKeySelector secretRef(Container container, String name) {
		SecretKeySelector ref = env(container, name).getValueFrom().getSecretKeyRef();
		assertThat(ref).as("%s from a Secret", name).isNotNull();
		return ref;
	}

	private static String decode(Secret secret, String key) {
		assertThat(secret.getData()).containsKey(key);
		return new String(Base64.getDecoder().decode(secret.getData().get(key)), StandardCharsets.UTF_8);
	}

	private static int containerPort(Container container, String name) {
		return container.getPorts()
			.stream()
			.filter(p -> name.equals(p.getName()))
			.findFirst()
			.orElseThrow(() -> new AssertionError("no container port named " + name))
			.getContainerPort();
	}

	private static void assertHttpProbe(Container container, Probe probe, String path, int port) {
		assertThat(probe).isNotNull();
		assertThat(probe.getHttpGet().getPath()).isEqualTo(path);
		var probePort = probe.getHttpGet().getPort();
		int resolved = probePort.getIntVal() != null ? probePort.getIntVal()
				: containerPort(container, probePort.getStrVal());
		assertThat(resolved).isEqualTo(port);
	}

	/**
	 * The mount whose path contains {@code file} (the longest match, as the kubelet
	 * resolves it).
	 */
	private static VolumeMount mountHolding(Container container, String file) {
		return container.getVolumeMounts()
			.stream()
			.filter(m -> file.startsWith(m.getMountPath().endsWith("/") ? m.getMountPath() : m.getMountPath() + "/"))
			.max((a, b) -> Integer.compare(a.getMountPath().length(), b.getMountPath().length()))
			.orElseThrow(() -> new AssertionError("no volume mounted over " + file));
	}

	private static Volume volume(Deployment deployment, String name) {
		return deployment.getSpec()
			.getTemplate()
			.getSpec()
			.getVolumes()
			.stream()
			.filter(v -> name.equals(v.getName()))
			.findFirst()
			.orElseThrow(() -> new AssertionError("no volume " + name));
	}

	private static boolean matches(Map<String, String> selector, Map<String, String> labels) {
		return selector.entrySet().stream().allMatch(e -> e.getValue().equals(labels.get(e.getKey())));
	}

	/** The argument of the last {@code keyword} instruction in a Dockerfile stage. */
	private static String instruction(String stage, String keyword) {
		Matcher matcher = Pattern.compile("(?m)^" + keyword + "\\s+(.+)$").matcher(stage);
		String last = null;
		while (matcher.find()) {
			last = matcher.group(1).trim();
		}
		assertThat(last).as("%s in the runtime stage", keyword).isNotNull();
		return last;
	}

	private static List<String> layerCopyOrder(String stage) {
		Matcher matcher = Pattern.compile("(?m)^COPY --from=build /workspace/extracted/([-a-z]+)/").matcher(stage);
		List<String> layers = new ArrayList<>();
		while (matcher.find()) {
			layers.add(matcher.group(1));
		}
		return layers;
	}

}
