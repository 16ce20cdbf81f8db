package dev.kindling.dataset;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import tools.jackson.databind.JsonNode;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.kindling.testsupport.Http;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Uploads over real HTTP against the data root's quota ({@code max-total-size} 64 KB
 * here): what is already under the root counts, a replaced file does not count twice, an
 * upload past the quota is a 507 problem that leaves no file, partial file or new folder
 * behind, whether its length was declared or it was streamed; the per-upload limit still
 * holds. Names are stored in NFC, so a composed and a decomposed {@code café.csv} are one
 * dataset, which jobs read by either spelling.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "spring.datasource.url=jdbc:h2:mem:dataset-upload;DB_CLOSE_DELAY=-1",
				"kindling.local.executors=1", "kindling.executor.slots=1", "kindling.data.max-total-size=64KB",
				"kindling.limits.max-upload-size=48KB" })
class DatasetUploadTest {

	static final String STORAGE = "https://kindling.dev/problems/insufficient-storage";

	static final int KB = 1024;

	static final Path ROOT;

	static {
		try {
			ROOT = Files.createTempDirectory("kindling-uploads");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@DynamicPropertySource
	static void dataRoot(DynamicPropertyRegistry registry) {
		registry.add("kindling.data.root", ROOT::toString);
	}

	@LocalServerPort
	int port;

	Http http;

	@BeforeEach
	void emptyRootWithTwoFiles() throws IOException {
		this.http = new Http(this.port);
		try (Stream<Path> files = Files.walk(ROOT)) {
			for (Path p : files.sorted(Comparator.reverseOrder()).filter((p) -> !p.equals(ROOT)).toList()) {
				Files.delete(p);
			}
		}
		// Put there without the API: they count all the same.
		Files.write(ROOT.resolve("a.csv"), csv(20 * KB));
		Files.createDirectories(ROOT.resolve("old"));
		Files.write(ROOT.resolve("old/b.csv"), csv(40 * KB));
	}

	@Test
	void refusesAnUploadPastTheQuotaCountingWhatIsAlreadyThere() throws IOException {
		Http.Response r = this.http.put("/api/v1/datasets/c.csv", csv(5 * KB));
		assertInsufficientStorage(r, 60 * KB);
		assertThat(Files.exists(ROOT.resolve("c.csv"))).isFalse();
		assertOnlyTheTwoFiles();
	}

	@Test
	void countsAReplacedFileOnce() throws IOException {
		Http.Response r = this.http.put("/api/v1/datasets/a.csv", csv(24 * KB));
		assertThat(r.status()).as("it replaces a.csv").isEqualTo(200);
		assertThat(r.at("/sizeBytes").asLong()).isEqualTo(24 * KB);
		assertThat(Files.size(ROOT.resolve("a.csv"))).isEqualTo(24 * KB);
		// Now exactly at the quota: not one byte more.
		assertInsufficientStorage(this.http.put("/api/v1/datasets/d.csv", csv(1)), 64 * KB);
	}

	@Test
	void makesRoomWhenFilesGo() throws IOException {
		assertThat(this.http.put("/api/v1/datasets/c.csv", csv(30 * KB)).status()).isEqualTo(507);
		Files.delete(ROOT.resolve("old/b.csv"));
		Http.Response r = this.http.put("/api/v1/datasets/c.csv", csv(30 * KB));
		assertThat(r.status()).as(r.text()).isEqualTo(201);
	}

	@Test
	void leavesNoFolderBehindWhenAnUploadIntoANewOneIsRefused() throws IOException {
		Http.Response r = this.http.put("/api/v1/datasets/new/deeper/c.csv", csv(10 * KB));
		assertInsufficientStorage(r, 60 * KB);
		assertThat(Files.exists(ROOT.resolve("new"))).isFalse();
		assertOnlyTheTwoFiles();
	}

	@Test
	void stopsAStreamedUploadAtTheQuotaAndLeavesNoPartialFile() throws IOException {
		byte[] body = csv(10 * KB);
		Http.Response r = this.http.send("PUT", "/api/v1/datasets/old/streamed.csv",
				HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)),
				Map.of("Content-Type", "text/csv"));
		assertInsufficientStorage(r, 60 * KB);
		assertOnlyTheTwoFiles();
	}

	@Test
	void keepsThePerUploadLimit() throws IOException {
		Files.delete(ROOT.resolve("old/b.csv"));
		Http.Response r = this.http.put("/api/v1/datasets/c.csv", csv(49 * KB));
		assertThat(r.status()).as(r.text()).isEqualTo(413);
		assertThat(r.text("/type")).isEqualTo("https://kindling.dev/problems/payload-too-large");
		assertThat(Files.exists(ROOT.resolve("c.csv"))).isFalse();
	}

	@Test
	void storesNamesInNfcSoBothSpellingsAreOneDataset() {
		String composed = "caf\u00E9.csv";
		String decomposed = "cafe\u0301.csv";
		Http.Response first = this.http.put("/api/v1/datasets/" + encode(composed), "n\n1\n2\n".getBytes());
		assertThat(first.status()).as(first.text()).isEqualTo(201);
		Http.Response second = this.http.put("/api/v1/datasets/" + encode(decomposed), "n\n1\n2\n3\n".getBytes());
		assertThat(second.status()).as("the same file, replaced").isEqualTo(200);
		assertThat(second.text("/name")).isEqualTo(composed);
		List<String> names = this.http.get("/api/v1/datasets").json().path("items").findValuesAsString("name");
		assertThat(names).containsExactlyInAnyOrder("a.csv", "old", "old/b.csv", composed);
		for (String spelling : List.of(composed, decomposed)) {
			Http.Response job = this.http.post("/api/v1/jobs?wait=60s", "{\"source\": {\"path\": \"" + spelling
					+ "\", \"header\": true}, \"action\": {\"type\": \"count\"}}");
			assertThat(job.text("/status")).as(job.text()).isEqualTo("SUCCEEDED");
			assertThat(job.at("/result/count").asLong()).isEqualTo(3);
		}
	}

	@Test
	void refusesABidiOverrideInAName() {
		Http.Response r = this.http.put("/api/v1/datasets/" + encode("invoice\u202Evsc.csv"), csv(10));
		assertThat(r.status()).as(r.text()).isEqualTo(400);
		assertThat(r.text("/type")).isEqualTo("https://kindling.dev/problems/invalid-parameter");
		assertThat(r.text("/parameter")).isEqualTo("name");
		assertThat(r.text("/detail")).contains("U+202E (RIGHT-TO-LEFT OVERRIDE)", "invoice\\u202evsc.csv")
			.doesNotContain("\u202E");
	}

	private void assertInsufficientStorage(Http.Response r, long used) {
		assertThat(r.status()).as(r.text()).isEqualTo(507);
		assertThat(r.contentType()).startsWith("application/problem+json");
		assertThat(r.text("/type")).isEqualTo(STORAGE);
		assertThat(r.text("/detail")).contains("kindling.data.max-total-size").doesNotContain(ROOT.toString());
		assertThat(r.at("/limitBytes").asLong()).isEqualTo(64 * KB);
		assertThat(r.at("/usedBytes").asLong()).isEqualTo(used);
	}

	private void assertOnlyTheTwoFiles() {
		try (Stream<Path> files = Files.walk(ROOT)) {
			assertThat(files.filter((p) -> !p.equals(ROOT)).map((p) -> ROOT.relativize(p).toString()))
				.containsExactlyInAnyOrder("a.csv", "old", "old/b.csv");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		JsonNode listed = this.http.get("/api/v1/datasets").json().path("items");
		assertThat(listed.findValuesAsString("name")).containsExactlyInAnyOrder("a.csv", "old", "old/b.csv");
		assertThat(listed.findValuesAsString("kind")).containsExactly("file", "folder", "file");
	}

	/** A CSV body of exactly {@code bytes} bytes. */
	private static byte[] csv(int bytes) {
		byte[] out = new byte[bytes];
		for (int i = 0; i < bytes; i++) {
			out[i] = (byte) (i % 10 == 9 ? '\n' : 'a' + i % 10);
		}
		return out;
	}

	private static String encode(String name) {
		return URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20");
	}

}
