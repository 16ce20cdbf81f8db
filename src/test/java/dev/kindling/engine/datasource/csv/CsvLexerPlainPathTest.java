package dev.kindling.engine.datasource.csv;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static dev.kindling.engine.datasource.csv.CsvTestSupport.write;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The word-at-a-time path for records without quotes must cut exactly the records and
 * fields the general scanner cuts: both lexers read the same random inputs (quotes,
 * escapes, CR LF, blank lines, separators at the ends, a last line without a line feed,
 * tiny buffers, split starts) and must report the same records.
 */
class CsvLexerPlainPathTest {

	@TempDir
	Path dir;

	private static final byte[] ALPHABET = "ab1,,,;\"\n\n\r\\ x\t|#".getBytes(StandardCharsets.US_ASCII);

	@Test
	void cutsRandomInputsExactlyLikeTheGeneralScanner() throws IOException {
		Random random = new Random(20261125L);
		for (int round = 0; round < 1500; round++) {
			byte[] content;
			if (round % 3 == 2) {
				content = tokens(random);
			}
			else {
				content = new byte[random.nextInt(400)];
				boolean plainish = random.nextBoolean();
				for (int i = 0; i < content.length; i++) {
					// mostly plain text in half the rounds, so the plain path runs on
					// whole
					// records
					content[i] = plainish && random.nextInt(10) > 0 ? (byte) "abc12,,\n".charAt(random.nextInt(8))
							: ALPHABET[random.nextInt(ALPHABET.length)];
				}
			}
			Map<String, Object> map = new HashMap<>();
			map.put("sep", random.nextInt(4) == 0 ? ";" : ",");
			if (random.nextInt(5) == 0) {
				map.put("quote", "");
			}
			map.put("multiLine", random.nextInt(4) == 0);
			if (random.nextInt(5) == 0) {
				map.put("maxCharsPerColumn", 1 + random.nextInt(6));
			}
			if (random.nextInt(5) == 0) {
				map.put("lineSep", "|");
			}
			if (random.nextInt(5) == 0) {
				map.put("comment", "#");
			}
			if (random.nextInt(5) == 0) {
				map.put("escape", random.nextBoolean() ? "\"" : "");
			}
			if (random.nextInt(4) == 0) {
				map.put("unescapedQuoteHandling", CsvOptions.UnescapedQuoteHandling.values()[random.nextInt(5)].name());
			}
			CsvOptions options = CsvOptions.fromMap(map);
			Path file = write(this.dir, "r" + round + ".csv", content);
			int bufferSize = random.nextBoolean() ? 16 + random.nextInt(48) : 1 << 12;
			long start = random.nextInt(3) == 0 || content.length == 0 ? 0 : random.nextInt(content.length);
			long end = random.nextBoolean() ? Long.MAX_VALUE : start + random.nextInt(200);
			int fieldCap = 1 + random.nextInt(6);
			List<String> general = records(file, options, start, end, bufferSize, fieldCap, false);
			List<String> plain = records(file, options, start, end, bufferSize, fieldCap, true);
			assertThat(plain)
				.as("round %d, options %s, input '%s'", round, map, new String(content, StandardCharsets.US_ASCII))
				.isEqualTo(general);
		}
	}

	private static final String[] TOKENS = { "ab", "\"ab\"", "\"a,b\"", "\"\"", "", "x\"y", "\"a\nb\"", "\"a\"\"b\"",
			"\"a\\\"b\"", " \"c\" ", "\"d\" ", "12345678901", "\"long quoted value, with a separator\"" };

	private static final String[] ENDS = { "\n", "\r\n", "\r", "|" };

	/**
	 * Records made of whole fields, most of them plain or simply quoted, so the plain
	 * path meets quoted fields at every position.
	 */
	private static byte[] tokens(Random random) {
		StringBuilder sb = new StringBuilder();
		int records = random.nextInt(12);
		for (int r = 0; r < records; r++) {
			int fields = 1 + random.nextInt(7);
			for (int f = 0; f < fields; f++) {
				if (f > 0) {
					sb.append(random.nextInt(8) == 0 ? ";" : ",");
				}
				sb.append(TOKENS[random.nextInt(random.nextBoolean() ? 4 : TOKENS.length)]);
			}
			sb.append(ENDS[random.nextInt(random.nextInt(4) == 0 ? ENDS.length : 1)]);
		}
		return sb.toString().getBytes(StandardCharsets.US_ASCII);
	}

	@Test
	void cutsAPlainFileOfLongRecordsLikeTheGeneralScanner() throws IOException {
		StringBuilder sb = new StringBuilder("id,name,age,city,salary,joined\n");
		Random random = new Random(7);
		for (int i = 0; i < 5000; i++) {
			sb.append(i)
				.append(",Name ")
				.append((char) ('A' + random.nextInt(26)))
				.append(".,")
				.append(18 + random.nextInt(60))
				.append(",City")
				.append(random.nextInt(30))
				.append(',')
				.append(random.nextInt(200000))
				.append('.')
				.append(random.nextInt(90) + 10)
				.append(",2020-01-0")
				.append(1 + random.nextInt(9))
				.append(i % 7 == 0 ? "\r\n" : "\n");
		}
		Path file = write(this.dir, "people.csv", sb.toString());
		CsvOptions options = CsvOptions.defaults().withHeader(true);
		for (int bufferSize : new int[] { 64, 1000, 1 << 16 }) {
			assertThat(records(file, options, 0, Long.MAX_VALUE, bufferSize, 7, true))
				.isEqualTo(records(file, options, 0, Long.MAX_VALUE, bufferSize, 7, false))
				.hasSize(5001);
		}
	}

	private static List<String> records(Path file, CsvOptions options, long start, long end, int bufferSize,
			int fieldCap, boolean plainPath) throws IOException {
		List<String> out = new ArrayList<>();
		try (CsvSource source = CsvSource.open(CsvTestSupport.in(file), options)) {
			CsvLexer lexer = new CsvLexer(source, "f.csv", start, end, options, bufferSize, fieldCap, plainPath);
			while (lexer.next()) {
				StringBuilder sb = new StringBuilder();
				sb.append('@').append(lexer.recordOffset()).append(" n=").append(lexer.fieldCount());
				sb.append(" err=").append(lexer.error());
				for (int f = 0; f < lexer.keptFields(); f++) {
					byte[] value = new byte[lexer.rawLength(f) + 1];
					int length;
					if (lexer.isNull(f)) {
						value = new byte[0];
					}
					else if (lexer.isComplex(f)) {
						length = lexer.decode(f, value);
						value = Arrays.copyOf(value, length);
					}
					else {
						value = Arrays.copyOfRange(lexer.buffer(), lexer.valueStart(f), lexer.valueEnd(f));
					}
					sb.append(" [")
						.append(lexer.isQuoted(f) ? "q" : "")
						.append(lexer.isComplex(f) ? "c" : "")
						.append(lexer.isNull(f) ? "n" : "")
						.append(':')
						.append(new String(value, StandardCharsets.ISO_8859_1))
						.append(']');
				}
				sb.append(" ->").append(lexer.position()).append(" skipped=").append(lexer.skippedLines());
				out.add(sb.toString());
			}
		}
		return out;
	}

}
