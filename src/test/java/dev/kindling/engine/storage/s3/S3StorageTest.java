package dev.kindling.engine.storage.s3;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.kindling.engine.datasource.BatchReader;
import dev.kindling.engine.datasource.DataRoot;
import dev.kindling.engine.datasource.FileSplit;
import dev.kindling.engine.datasource.LocalStorage;
import dev.kindling.engine.datasource.SourceFiles;
import dev.kindling.engine.datasource.SourceFiles.DataFile;
import dev.kindling.engine.datasource.SourceFiles.Listing;
import dev.kindling.engine.datasource.Storages;
import dev.kindling.engine.datasource.csv.CsvFormat;
import dev.kindling.engine.datasource.csv.CsvSplitter;
import dev.kindling.engine.datasource.parquet.ParquetFormat;
import dev.kindling.engine.exec.OutputCommit;
import dev.kindling.engine.exec.WriteTarget;
import dev.kindling.engine.storage.InputFile;
import dev.kindling.engine.storage.LocationRefusedException;
import dev.kindling.engine.types.Schema;
import dev.kindling.engine.vector.Batch;
import dev.kindling.testsupport.S3ProxyServer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Object storage against a real S3-compatible server (S3Proxy, in-process): Spark's
 * listing rules on prefixes and globs, partition discovery, splits and Parquet footers
 * read by ranged GETs (as the server saw them), the allowed locations, wrong credentials,
 * and a write committed by copying the counted attempt's files into place. No Spring.
 */
class S3StorageTest {

	static final int BLOCK = 64 * 1024;

	@TempDir
	static Path folder;

	static S3ProxyServer s3;

	@BeforeAll
	static void start() throws Exception {
		s3 = new S3ProxyServer("lake", "sink", "other");
		s3.put("lake", "logs/2026-01/part-0.csv", "level,n\ninfo,1\nwarn,2\n");
		s3.put("lake", "logs/2026-01/part-1.csv", "level,n\ninfo,3\n");
		s3.put("lake", "logs/2026-02/part-0.csv", "level,n\nerror,4\ninfo,5\nwarn,6\n");
		s3.put("lake", "logs/2026-02/_SUCCESS", "");
		s3.put("lake", "logs/2026-02/.part-0.csv.crc", "not data");
		s3.put("lake", "logs/_temporary/0/part-9.csv", "level,n\nhalf,99\n");
		s3.put("lake", "by-city/city=Oslo/part-0.csv", "id\n1\n2\n");
		s3.put("lake", "by-city/city=Bergen/part-0.csv", "id\n3\n");
		s3.put("lake", "by-city/_SUCCESS", "");
	}

	@AfterAll
	static void stop() throws Exception {
		s3.close();
	}

	private Storages storages(S3Settings settings, String... allowed) throws IOException {
		Path root = Files.createDirectories(folder.resolve("root"));
		return new Storages(new LocalStorage(new DataRoot(root)), new S3Storage(settings, BLOCK), List.of(allowed));
	}

	private Storages storages() throws IOException {
		return storages(s3.settings(), "s3://lake", "s3://sink/");
	}

	private static List<String> paths(Listing listing) {
		return listing.files().stream().map(DataFile::path).toList();
	}

	@Test
	void listsAPrefixAsSparkListsAFolder() throws Exception {
		Storages storages = storages();
		Listing logs = SourceFiles.list(storages, "s3://lake/logs/");
		assertThat(paths(logs)).as("_SUCCESS, .crc and _temporary skipped")
			.containsExactly("s3://lake/logs/2026-01/part-0.csv", "s3://lake/logs/2026-01/part-1.csv",
					"s3://lake/logs/2026-02/part-0.csv");
		assertThat(logs.files().get(0).size()).isEqualTo("level,n\ninfo,1\nwarn,2\n".length());
		assertThat(paths(SourceFiles.list(storages, "s3a://lake/logs"))).hasSize(3);
		assertThat(paths(SourceFiles.list(storages, "s3://lake/logs/2026-01/part-1.csv")))
			.containsExactly("s3://lake/logs/2026-01/part-1.csv");
		assertThat(storages.stat("s3://lake/logs").folder()).isTrue();
		assertThat(storages.stat("s3://lake/log")).as("a prefix of a name is not a folder").isNull();
		assertThatThrownBy(() -> SourceFiles.list(storages, "s3://lake/nothing"))
			.isInstanceOf(SourceFiles.SourceException.class)
			.hasMessage("'s3://lake/nothing' does not exist");
	}

	@Test
	void matchesGlobsUnderAPrefix() throws Exception {
		Storages storages = storages();
		assertThat(paths(SourceFiles.list(storages, "s3://lake/logs/2026-0*/part-*.csv"))).hasSize(3);
		assertThat(paths(SourceFiles.list(storages, "s3://lake/logs/2026-0[2-9]/*")))
			.as("the hidden files in the matched prefix are skipped")
			.containsExactly("s3://lake/logs/2026-02/part-0.csv");
		assertThatThrownBy(() -> SourceFiles.list(storages, "s3://lake/logs/2027-*/part-*.csv"))
			.hasMessageContaining("matches no file");
	}

	@Test
	void discoversPartitionColumnsUnderAPrefix() throws Exception {
		Listing byCity = SourceFiles.list(storages(), "s3://lake/by-city");
		assertThat(byCity.partitionColumns()).extracting(f -> f.name()).containsExactly("city");
		assertThat(byCity.files()).extracting(DataFile::partitionValues)
			.containsExactlyInAnyOrder(List.of("Oslo"), List.of("Bergen"));
	}

	@Test
	void refusesEveryLocationOutsideTheAllowedOnes() throws Exception {
		Storages storages = storages(s3.settings(), "s3://lake", "s3://sink/jobs/");
		assertThat(storages.check("s3a://lake/logs/")).isEqualTo("s3://lake/logs");
		assertThat(storages.check("s3://sink/jobs/x")).isEqualTo("s3://sink/jobs/x");
		assertThatThrownBy(() -> storages.check("s3://other/x")).isInstanceOf(LocationRefusedException.class)
			.hasMessageContaining("outside the allowed locations (kindling.storage.allowed-locations)");
		assertThatThrownBy(() -> storages.check("s3://sink/jobs2/x")).as("a prefix is a folder, not a string prefix")
			.isInstanceOf(LocationRefusedException.class);
		assertThatThrownBy(() -> storages.check("s3://lake/../other/x")).isInstanceOf(LocationRefusedException.class);
		assertThatThrownBy(() -> storages.open("s3://other/x")).as("every operation checks, not only the planner")
			.isInstanceOf(LocationRefusedException.class);
		Storages none = storages(s3.settings());
		assertThatThrownBy(() -> none.check("s3://lake/logs")).hasMessageContaining(": none");
	}

	@Test
	void readsEachCsvSplitByRangesAndNeverTheWholeObject() throws Exception {
		StringBuilder csv = new StringBuilder("id,name\n");
		long sum = 0;
		for (int i = 0; i < 40_000; i++) {
			csv.append(i).append(",name-").append(i).append('\n');
			sum += i;
		}
		byte[] bytes = csv.toString().getBytes(StandardCharsets.UTF_8);
		s3.put("lake", "big/people.csv", bytes);
		Storages storages = storages();
		Map<String, Object> options = Map.of("header", true);
		List<DataFile> files = SourceFiles.list(storages, "s3://lake/big/people.csv").files();
		Schema schema = CsvFormat.INSTANCE.schema(storages, files, options);
		List<FileSplit> splits = CsvSplitter.plan(bytes.length, 4, 4, false);
		assertThat(splits).hasSize(4);

		long rows = 0;
		long ids = 0;
		for (FileSplit split : splits) {
			s3.clearGets();
			try (BatchReader reader = CsvFormat.INSTANCE.reader(storages.open(files.get(0).path(), bytes.length), split,
					options, schema, new int[] { 0 }, List.of())) {
				for (Batch b = reader.next(); b != null; b = reader.next()) {
					for (int r = 0; r < b.rowCount(); r++) {
						ids += Long.parseLong(String.valueOf(b.column(0).getObject(r)));
						rows++;
					}
				}
			}
			List<S3ProxyServer.Get> gets = s3.gets();
			assertThat(gets).as("split %d", split.index()).isNotEmpty().noneMatch(S3ProxyServer.Get::whole);
			long fetched = 0;
			for (S3ProxyServer.Get get : gets) {
				long[] range = range(get);
				assertThat(range[1] - range[0] + 1).as("a block at a time").isLessThanOrEqualTo(BLOCK);
				assertThat(range[0]).as("the header line, or within the split or the line running past its end")
					.satisfiesAnyOf(start -> assertThat(start).isZero(),
							start -> assertThat(start).isBetween(split.start() - 1, split.start() + split.length()));
				fetched += range[1] - range[0] + 1;
			}
			assertThat(fetched).as("about its own quarter of the object")
				.isLessThan(split.length() + 2 * BLOCK)
				.isLessThan(bytes.length);
		}
		assertThat(rows).isEqualTo(40_000);
		assertThat(ids).isEqualTo(sum);
	}

	/** The first and last byte a GET asked for ({@code "from-to"}). */
	private static long[] range(S3ProxyServer.Get get) {
		assertThat(get.ranges()).hasSize(1);
		String[] parts = get.ranges().get(0).split("-");
		return new long[] { Long.parseLong(parts[0]), Long.parseLong(parts[1]) };
	}

	@Test
	void readsAParquetFooterAndItsRowGroupsByRange() throws Exception {
		Path local = folder.resolve("numbers.parquet");
		try (Connection duck = DriverManager.getConnection("jdbc:duckdb:"); Statement st = duck.createStatement()) {
			st.execute("COPY (SELECT range::BIGINT AS id, 'name-' || range AS name FROM range(200000)) TO '" + local
					+ "' (FORMAT parquet, ROW_GROUP_SIZE 50000)");
		}
		byte[] bytes = Files.readAllBytes(local);
		assertThat(bytes.length).as("several blocks long").isGreaterThan(4 * BLOCK);
		s3.put("lake", "pq/numbers.parquet", bytes);
		Storages storages = storages();
		List<DataFile> files = SourceFiles.list(storages, "s3://lake/pq").files();

		s3.clearGets();
		Schema schema = ParquetFormat.INSTANCE.schema(storages, files, Map.of());
		assertThat(schema.names()).containsExactly("id", "name");
		assertThat(s3.gets()).as("the footer, by range").isNotEmpty().noneMatch(S3ProxyServer.Get::whole);
		for (S3ProxyServer.Get get : s3.gets()) {
			assertThat(range(get)[0]).as("near the end of the file").isGreaterThan(bytes.length / 2);
		}

		s3.clearGets();
		long rows = 0;
		try (InputFile file = storages.open(files.get(0).path(), bytes.length);
				BatchReader reader = ParquetFormat.INSTANCE.reader(file, new FileSplit(0, 0, bytes.length), Map.of(),
						schema, new int[] { 0 }, List.of())) {
			for (Batch b = reader.next(); b != null; b = reader.next()) {
				rows += b.rowCount();
			}
		}
		assertThat(rows).isEqualTo(200_000);
		assertThat(s3.gets()).noneMatch(S3ProxyServer.Get::whole);
		assertThat(s3.gets()).as("ranged reads only").allMatch(g -> range(g)[1] - range(g)[0] + 1 < bytes.length);
	}

	@Test
	void wrongCredentialsAreAClearErrorNamingS3AndTheBucket() throws Exception {
		Storages storages = storages(s3.wrongCredentials(), "s3://lake");
		assertThatThrownBy(() -> SourceFiles.list(storages, "s3://lake/logs")).isInstanceOf(IOException.class)
			.satisfies(ex -> assertThat(storages.describe((IOException) ex)).startsWith("S3 refused to ")
				.contains("bucket 'lake'", "403", "check the credentials of kindling.storage.s3")
				.doesNotContain("Exception", "software.amazon", "not-the-secret"));
	}

	@Test
	void commitsTheCountedAttemptByCopyingAndLeavesTheOutputAloneOnAbort() throws Exception {
		Storages storages = storages();
		write(storages, "s3://sink/t/part-00000-old-c000.csv", "id\n0\n");
		write(storages, "s3://sink/t/_SUCCESS", "");
		String file = "part-00000-job1-c000.csv";
		write(storages, WriteTarget.staging("s3://sink/t", "job1", "a1") + "/" + file, "id\n1\n");
		write(storages, WriteTarget.staging("s3://sink/t", "job1", "a2") + "/" + file, "id\n2\n");

		OutputCommit.abort(storages, "s3://sink/t", "job1");
		assertThat(s3.keys("sink", "t/")).as("a failed job leaves the earlier output as it was")
			.containsExactly("t/_SUCCESS", "t/part-00000-old-c000.csv");

		write(storages, WriteTarget.staging("s3://sink/t", "job1", "a1") + "/" + file, "id\n1\n");
		write(storages, WriteTarget.staging("s3://sink/t", "job1", "a2") + "/" + file, "id\n2\n");
		OutputCommit.Committed done = OutputCommit.commit(storages, "s3://sink/t", "job1", true,
				List.of(new OutputCommit.AttemptFiles("a2", List.of(file))));
		assertThat(done.files()).isEqualTo(1);
		assertThat(done.replaced()).isEqualTo(1);
		assertThat(s3.keys("sink", "t/")).as("only the counted attempt, no staging left")
			.containsExactly("t/_SUCCESS", "t/" + file);
		assertThat(s3.read("sink", "t/" + file)).isEqualTo("id\n2\n");
		assertThat(OutputCommit.committed(storages, "s3://sink/t")).isTrue();

		OutputCommit.commit(storages, "s3://sink/t", "job1", true,
				List.of(new OutputCommit.AttemptFiles("a2", List.of(file))));
		assertThat(s3.keys("sink", "t/")).as("a repeated commit changes nothing")
			.containsExactly("t/_SUCCESS", "t/" + file);
	}

	private static void write(Storages storages, String path, String text) throws IOException {
		try (OutputStream out = storages.create(path)) {
			out.write(text.getBytes(StandardCharsets.UTF_8));
		}
	}

	@Test
	void refusesToDeleteAWholeBucket() throws Exception {
		assertThatThrownBy(() -> storages().deleteFolder("s3://sink")).isInstanceOf(LocationRefusedException.class)
			.hasMessageContaining("whole bucket");
	}

}
