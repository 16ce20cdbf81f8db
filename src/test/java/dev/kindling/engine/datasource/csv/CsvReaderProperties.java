package dev.kindling.engine.datasource.csv;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.lifecycle.AfterContainer;

import dev.kindling.engine.datasource.FileSplit;
import dev.kindling.engine.types.Schema;

import static org.assertj.core.api.Assertions.assertThat;

class CsvReaderProperties {

	private static final Schema SCHEMA = Schema
		.parse("a INT, b DOUBLE, c STRING, d DATE, e TIMESTAMP, f BOOLEAN, g BIGINT, h DECIMAL(10,2)");

	private static final Path DIR;

	static {
		try {
			DIR = Files.createTempDirectory("csv-properties");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@AfterContainer
	static void removeFiles() throws IOException {
		try (Stream<Path> files = Files.walk(DIR)) {
			files.sorted(Comparator.reverseOrder()).forEach((p) -> p.toFile().delete());
		}
	}

	@Property(tries = 10000)
	void anyContentFailsOnlyWithCsvException(@ForAll("csvBytes") byte[] content, @ForAll CsvOptions.Mode mode,
			@ForAll boolean header, @ForAll boolean multiLine) {
		Path f = CsvTestSupport.write(DIR, "random.csv", content);
		CsvOptions options = CsvOptions.defaults().withHeader(header).withMultiLine(multiLine).withMode(mode);
		try {
			CsvTestSupport.read(f, options, SCHEMA);
		}
		catch (CsvException ex) {
			assertThat(ex.file()).isEqualTo("random.csv");
			assertThat(ex.line()).isPositive();
		}
		try {
			CsvSchemaInference.resolve(f, options.withInference());
		}
		catch (CsvException ex) {
			assertThat(ex.file()).isEqualTo("random.csv");
		}
	}

	@Property(tries = 10000)
	void splitsTogetherReadWhatOneSplitReads(@ForAll("csvBytes") byte[] content,
			@ForAll @Size(max = 4) List<@IntRange(min = 0, max = 10_000) Integer> cuts, @ForAll boolean header,
			@ForAll boolean dropMalformed) {
		Path f = CsvTestSupport.write(DIR, "split.csv", content);
		CsvOptions options = CsvOptions.defaults()
			.withHeader(header)
			.withMode(dropMalformed ? CsvOptions.Mode.DROPMALFORMED : CsvOptions.Mode.PERMISSIVE);
		TreeSet<Integer> points = new TreeSet<>();
		for (int cut : cuts) {
			points.add(cut % (content.length + 1));
		}
		points.add(0);
		points.add(content.length);
		List<FileSplit> splits = new ArrayList<>();
		Integer previous = null;
		for (int point : points) {
			if (previous != null) {
				splits.add(new FileSplit(splits.size(), previous, point - previous));
			}
			previous = point;
		}
		if (splits.isEmpty()) {
			splits.add(new FileSplit(0, 0, 0));
		}
		assertThat(CsvTestSupport.readSplits(f, splits, options, SCHEMA))
			.isEqualTo(CsvTestSupport.read(f, options, SCHEMA));
	}

	@Provide
	Arbitrary<byte[]> csvBytes() {
		Arbitrary<Byte> structure = Arbitraries.of((byte) ',', (byte) '"', (byte) '\\', (byte) '\n', (byte) '\r');
		Arbitrary<Byte> text = Arbitraries.of((byte) 'a', (byte) '1', (byte) '9', (byte) '.', (byte) '-', (byte) 'e',
				(byte) ':', (byte) ' ', (byte) 'T', (byte) '0', (byte) '2');
		Arbitrary<Byte> any = Arbitraries.bytes();
		Arbitrary<Byte> mixed = Arbitraries.frequencyOf(Tuple.of(5, structure), Tuple.of(8, text), Tuple.of(2, any));
		Arbitrary<byte[]> random = mixed.array(byte[].class).ofMaxSize(160);
		Arbitrary<byte[]> rowsLike = Arbitraries
			.of("1,2.5,x,2024-01-01,2024-01-01 10:00:00,true,7,1.25\n", "\"q,\"\"\",,\"\",,,,,\n", "NA,x,,,,,,\r\n",
					"bad,row\n", "\n", "\"multi\nline\",1,2,3,4,5,6,7\n", "9,9,9,9,9,9,9,9")
			.list()
			.ofMaxSize(8)
			.map((parts) -> String.join("", parts).getBytes(java.nio.charset.StandardCharsets.UTF_8));
		return Arbitraries.oneOf(random, rowsLike);
	}

}
