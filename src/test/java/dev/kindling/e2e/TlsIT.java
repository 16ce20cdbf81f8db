package dev.kindling.e2e;

import java.io.BufferedWriter;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

import javax.net.ssl.SSLContext;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import dev.kindling.testsupport.TestCertificates;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * TLS with real JVMs and real certificates (made by keytool for this run): the driver
 * serves its API over HTTPS only, and two executors join over mutual TLS, one SSL bundle
 * each (the PEM files cert-manager writes), and fetch shuffle blocks from each other over
 * it, one of them advertising an address its certificate does not name, as executors in
 * the chart advertise pod IPs ({@code kindling.tls.check-executor-host-names=false}).
 * Refused: plain HTTP, an internal call without a client certificate (even with the
 * secret), an executor whose certificate another authority signed, and a driver whose
 * certificate does not name the host an executor dialled (it names localhost, not
 * 127.0.0.1).
 */
@SlowEndToEnd
class TlsIT {

	private static final String SECRET = "tls-secret-" + new Random().nextInt(1_000_000);

	private static final String API_KEY = "tls-api-key-" + new Random().nextInt(1_000_000);

	@TempDir
	static Path work;

	static TestCertificates ca;

	static TestCertificates.Issued member;

	static TestCertificates.Issued rogue;

	static KindlingProcess driver;

	static final List<KindlingProcess> executors = new ArrayList<>();

	static KindlingProcess rogueExecutor;

	static KindlingProcess wrongHostExecutor;

	static HttpClient trusting;

	static Api api;

	static final Map<String, Long> expected = new TreeMap<>();

	@BeforeAll
	static void startCluster() throws IOException {
		Path data = Files.createDirectories(work.resolve("data"));
		Random random = new Random(7);
		try (BufferedWriter w = Files.newBufferedWriter(data.resolve("sales.csv"))) {
			w.write("id,region,amount\n");
			for (int i = 0; i < 100_000; i++) {
				String region = "r" + random.nextInt(20);
				long amount = random.nextInt(1000);
				expected.merge(region, amount, Long::sum);
				w.write(i + "," + region + "," + amount + "\n");
			}
		}
		ca = TestCertificates.authority(work.resolve("ca"), "Kindling TlsIT CA");
		// One certificate for the cluster, as the chart's cert-manager Certificate: it
		// names localhost, not 127.0.0.1.
		member = ca.issue("member", "dns:localhost");
		TestCertificates otherCa = TestCertificates.authority(work.resolve("other-ca"), "Some other CA");
		rogue = otherCa.issue("rogue", "dns:localhost");
		trusting = client(ca.trustingContext());

		List<String> driverArgs = new ArrayList<>(List.of("--spring.profiles.active=driver",
				"--kindling.security.api-key=" + API_KEY, "--kindling.limits.min-split-size=1B",
				"--kindling.data.root=" + data, "--kindling.security.shared-secret=" + SECRET,
				"--kindling.shuffle.partitions=4", "--spring.datasource.url=jdbc:h2:mem:tls"));
		driverArgs.addAll(tls(member, ca));
		driver = KindlingProcess.start("tls-driver", driverArgs).https(trusting);
		driver.awaitReady(Duration.ofSeconds(120));
		api = new Api(driver.url(), trusting, API_KEY);

		String https = "https://localhost:" + driver.port();
		// As the chart runs them: one advertises an address its certificate does not name
		// (as a pod IP), so executors check each other by the authority only; the driver
		// is still checked by name.
		for (String advertised : List.of("localhost", "127.0.0.1")) {
			List<String> args = new ArrayList<>(executorArgs(data, https, member, ca));
			args.add("--kindling.executor.advertise-url=https://" + advertised + ":${server.port}");
			args.add("--kindling.tls.check-executor-host-names=false");
			executors.add(KindlingProcess.start("tls-exec-" + advertised, args).https(trusting));
		}
		// Trusts the cluster's authority, but presents a certificate another one signed.
		rogueExecutor = KindlingProcess.start("tls-rogue-exec", "256m", executorArgs(data, https, rogue, ca));
		// The right certificate, but dials the driver by an address its certificate does
		// not name.
		wrongHostExecutor = KindlingProcess.start("tls-wrong-host-exec", "256m",
				executorArgs(data, "https://127.0.0.1:" + driver.port(), member, ca));
		for (KindlingProcess e : executors) {
			e.awaitReady(Duration.ofSeconds(120));
		}
		Api.await(Duration.ofSeconds(120), () -> api.get("/api/v1/executors").body().path("items"),
				(body) -> body.size() == 2, "two executors over mutual TLS");
	}

	@AfterAll
	static void stopAll() {
		for (KindlingProcess p : List.of(rogueExecutor, wrongHostExecutor)) {
			if (p != null) {
				p.kill();
			}
		}
		executors.forEach(KindlingProcess::stop);
		if (driver != null) {
			driver.stop();
		}
	}

	/** The SSL bundle "cluster" from PEM files, and TLS on with it. */
	private static List<String> tls(TestCertificates.Issued issued, TestCertificates authority) {
		return List.of("--spring.ssl.bundle.pem.cluster.keystore.certificate=file:" + issued.certificate(),
				"--spring.ssl.bundle.pem.cluster.keystore.private-key=file:" + issued.privateKey(),
				"--spring.ssl.bundle.pem.cluster.truststore.certificate=file:" + authority.certificate(),
				"--kindling.tls.bundle=cluster");
	}

	private static List<String> executorArgs(Path data, String driverUrl, TestCertificates.Issued issued,
			TestCertificates authority) {
		List<String> args = new ArrayList<>(List.of("--spring.profiles.active=executor",
				"--kindling.driver.url=" + driverUrl, "--kindling.data.root=" + data,
				"--kindling.security.shared-secret=" + SECRET, "--kindling.executor.slots=2"));
		args.addAll(tls(issued, authority));
		return args;
	}

	private static HttpClient client(SSLContext context) {
		return HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_1_1)
			.connectTimeout(Duration.ofSeconds(5))
			.sslContext(context)
			.build();
	}

	private static HttpResponse<String> send(HttpClient client, HttpRequest.Builder request)
			throws IOException, InterruptedException {
		return client.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
	}

	@Test
	void theApiIsServedOverHttpsAndPlainHttpIsRefused() throws Exception {
		JsonNode executorList = api.get("/api/v1/executors").body().path("items");
		assertThat(executorList).extracting((e) -> e.path("url").asString().replaceAll(":[0-9]+$", ""))
			.as("executors advertise HTTPS")
			.containsExactlyInAnyOrder("https://localhost", "https://127.0.0.1");

		String plain = "http://localhost:" + driver.port() + "/api/v1/executors";
		HttpResponse<String> answer;
		try {
			answer = send(HttpClient.newHttpClient(),
					HttpRequest.newBuilder(URI.create(plain)).header("X-API-Key", API_KEY));
		}
		catch (IOException refused) {
			// The connection is closed without an answer: refused as well.
			return;
		}
		assertThat(answer.statusCode()).as("plain HTTP on the TLS port: %s", answer.body()).isEqualTo(400);
		assertThat(answer.body()).doesNotContain("exec-");
	}

	@Test
	void aShuffleJobRunsOverMutualTlsBetweenTheDriverAndTwoExecutorJvmsAndBetweenTheExecutors() {
		String job = """
				{"name": "per-region", "source": {"format": "csv", "path": "sales.csv", "header": true,
				  "schema": "id INT, region STRING, amount BIGINT", "partitions": 4},
				 "pipeline": [{"op": "groupBy", "keys": ["region"], "aggregations": ["sum(amount) AS total"]},
				              {"op": "orderBy", "columns": ["region"]}],
				 "action": {"type": "collect"}}""";

		JsonNode done = api.post("/api/v1/jobs?wait=180s", job).body();

		assertThat(done.path("status").asString()).as(done.toString()).isEqualTo("SUCCEEDED");
		Map<String, Long> actual = new TreeMap<>();
		for (JsonNode row : done.path("result").path("rows")) {
			actual.put(row.get(0).asString(), row.get(1).asLong());
		}
		assertThat(actual).isEqualTo(expected);
		long remote = 0;
		Set<String> ranOn = new HashSet<>();
		for (JsonNode stage : api.get("/api/v1/jobs/" + done.path("id").asString() + "/stages").body().path("items")) {
			for (JsonNode t : api
				.get("/api/v1/jobs/" + done.path("id").asString() + "/stages/" + stage.path("id").asInt()
						+ "/tasks?size=1000")
				.body()
				.path("items")) {
				remote += t.path("shuffleRemoteBytesRead").asLong();
				ranOn.add(t.path("executorId").asString());
			}
		}
		assertThat(ranOn).as("tasks ran on both executor JVMs").hasSize(2);
		assertThat(remote)
			.as("shuffle blocks fetched from the other executor over HTTPS, also from the one "
					+ "whose certificate does not name the address it advertises")
			.isPositive();
	}

	@Test
	void internalEndpointsNeedAClientCertificateFromTheClusterAuthorityAndTheSecretBoth() throws Exception {
		String base = "https://localhost:" + driver.port();
		String mapOutput = base + "/internal/v1/jobs/no-such-job/stages/0/outputs/0";

		HttpResponse<String> noCertificate = send(trusting,
				HttpRequest.newBuilder(URI.create(mapOutput)).header("X-Kindling-Secret", SECRET));
		assertThat(noCertificate.statusCode()).isEqualTo(401);
		assertThat(noCertificate.body()).contains("client certificate signed by the cluster's certificate authority");

		HttpClient withCertificate = client(member.clientContext(ca));
		HttpResponse<String> wrongSecret = send(withCertificate,
				HttpRequest.newBuilder(URI.create(mapOutput)).header("X-Kindling-Secret", "not-it"));
		assertThat(wrongSecret.statusCode()).as("the secret is still a second factor").isEqualTo(401);
		assertThat(wrongSecret.body()).contains("cluster secret");
		HttpResponse<String> both = send(withCertificate,
				HttpRequest.newBuilder(URI.create(mapOutput)).header("X-Kindling-Secret", SECRET));
		assertThat(both.statusCode()).as("let in: there is just no such job").isEqualTo(404);

		// The driver names the one authority it accepts, so a JDK client holding only a
		// certificate another authority signed sends none, and is refused as above.
		HttpResponse<String> otherAuthority = send(client(rogue.clientContext(ca)),
				HttpRequest.newBuilder(URI.create(mapOutput)).header("X-Kindling-Secret", SECRET));
		assertThat(otherAuthority.statusCode()).isEqualTo(401);
		assertThat(otherAuthority.body()).contains("client certificate signed by the cluster's certificate authority");
		HttpClient insisting = client(rogue.insistingClientContext(ca));
		assertThatThrownBy(() -> send(insisting,
				HttpRequest.newBuilder(URI.create(mapOutput)).header("X-Kindling-Secret", SECRET)))
			.as("a certificate another authority signed, presented anyway, fails the handshake")
			.isInstanceOf(IOException.class);
	}

	@Test
	void anExecutorWhoseCertificateAnotherAuthoritySignedCannotJoin() {
		// Its certificate is not one the driver asks for, so it is sent without one and
		// refused with a 401 (a client that sends it anyway fails the handshake, above).
		awaitLog(rogueExecutor,
				Pattern.compile("cannot register with the driver yet: .*(certificate|handshake|driver answered 401)",
						Pattern.CASE_INSENSITIVE));

		assertThat(urls()).noneMatch((url) -> url.endsWith(":" + rogueExecutor.port()));
	}

	@Test
	void anExecutorRefusesADriverWhoseCertificateDoesNotNameTheHostItDialled() {
		awaitLog(wrongHostExecutor, Pattern.compile(
				"cannot register with the driver yet: .*No subject alternative names matching IP address 127\\.0\\.0\\.1",
				Pattern.CASE_INSENSITIVE));

		assertThat(urls()).noneMatch((url) -> url.endsWith(":" + wrongHostExecutor.port()));
	}

	private static List<String> urls() {
		List<String> urls = new ArrayList<>();
		api.get("/api/v1/executors").body().path("items").forEach((e) -> urls.add(e.path("url").asString()));
		return urls;
	}

	private static void awaitLog(KindlingProcess process, Pattern line) {
		Api.await(Duration.ofSeconds(180), process::log, (log) -> line.matcher(log).find(),
				"a line matching '" + line + "' in " + process.url() + "'s log");
	}

}
