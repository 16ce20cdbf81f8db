package dev.kindling.engine.datasource.csv;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.URISyntaxException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import dev.kindling.engine.datasource.FileSplit;
import dev.kindling.engine.types.DataType;
import dev.kindling.engine.types.Field;
import dev.kindling.engine.types.Schema;

import static dev.kindling.engine.datasource.csv.CsvTestSupport.row;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Spark's own CSV test files (under {@code src/test/resources/spark-csv}, see its README)
 * and the data of Spark's {@code CSVSuite} and {@code CSVInferSchemaSuite} tests, read
 * with those tests' options and held to their expectations. Each test names the Spark
 * test it follows; where Kindling deliberately answers differently the test says so (and
 * docs/design.md lists it).
 */
class SparkCsvCompatibilityTest {

	@TempDir
	Path dir;

	// ------------------------------------------------------------------ the cars files

	/** Spark's {@code verifyCars}: the shape of the cars files and their years. */
	private void verifyCars(Path file, Map<String, Object> options, boolean withHeader, int fields) {
		Schema schema = schema(file, options);
		List<List<Object>> rows = read(file, options);
		assertThat(schema.size()).isEqualTo(fields);
		assertThat(rows).hasSize(withHeader ? 3 : 4);
		if (fields == 5) {
			assertThat(schema.names()).isEqualTo(withHeader ? List.of("year", "make", "model", "comment", "blank")
					: List.of("_c0", "_c1", "_c2", "_c3", "_c4"));
		}
		List<Object> years = rows.stream().map(r -> r.get(0)).toList();
		List<Object> expected = new ArrayList<>(List.of("2012", "1997", "2015"));
		if (!withHeader) {
			expected.add(0, "year");
		}
		if (schema.field(0).type() == DataType.INT) {
			expected = List.of(2012, 1997, 2015);
		}
		assertThat(years).isEqualTo(expected);
	}

	@Test
	void readsCarsWithAndWithoutHeaderSkippingBlankLinesAsSimpleCsvTest() {
		verifyCars(fixture("cars.csv"), Map.of("header", "false"), false, 5);
		verifyCars(fixture("cars.csv"), Map.of("header", "true", "inferSchema", "true"), true, 5);
		assertThat(schema(fixture("cars.csv"), Map.of("header", true, "inferSchema", true)).field(0).type())
			.isEqualTo(DataType.INT);
	}

	@Test
	void dropsTheShortRecordUnderDropMalformedInBothLineModes() {
		for (boolean multiLine : new boolean[] { false, true }) {
			assertThat(read(fixture("cars.csv"),
					Map.of("multiLine", multiLine, "header", "true", "mode", "dropmalformed")))
				.hasSize(2);
		}
	}

	@Test
	void failsFastOnTheShortRecordNamingItsLine() {
		for (boolean multiLine : new boolean[] { false, true }) {
			assertThatThrownBy(
					() -> read(fixture("cars.csv"), Map.of("multiLine", multiLine, "header", true, "mode", "failfast")))
				.isInstanceOf(CsvException.class)
				.hasMessage("malformed CSV record at cars.csv line 6: expected 5 fields, found 3");
		}
	}

	@Test
	void readsAnotherSeparatorAndQuoteAsTestWithAlternativeDelimiterAndQuote() {
		verifyCars(fixture("cars-alternative.csv"), Map.of("quote", "'", "delimiter", "|", "header", "true"), true, 5);
		// a quote after a space does not start a quoted value
		assertThat(read(fixture("cars-alternative.csv"), Map.of("quote", "'", "delimiter", "|", "header", true)).get(0))
			.isEqualTo(row("2012", "Tesla", "S", " 'No comment'", null));
	}

	@Test
	void readsTabsSpelledWithABackslashAsTestWithTabDelimiter() {
		verifyCars(fixture("cars.tsv"), Map.of("quote", "\"", "delimiter", "\\t", "header", "true"), true, 6);
	}

	@Test
	void readsDecimalsWithThousandsSeparatorsAsDdlTestParsingDecimalType() {
		Map<String, Object> options = Map.of("header", "true", "delimiter", "\\t", "schema",
				"yearMade double, makeName string, modelName string, priceTag decimal, comments string, grp string");
		List<List<Object>> rows = read(fixture("cars.tsv"), options);
		// decimal alone is decimal(10,0): the prices round HALF_UP to whole numbers, as
		// in
		// Spark
		assertThat(rows.stream().map(r -> r.get(3)).toList()).containsExactly(new BigDecimal("80001"),
				new BigDecimal("35000"), new BigDecimal("5000"));
		assertThat(rows.stream().filter(r -> ((BigDecimal) r.get(3)).compareTo(new BigDecimal(60000)) > 0)).hasSize(1);
	}

	@Test
	void readsSeparatorsOfSeveralCharactersAsSpark24540() {
		verifyCars(fixture("cars-multichar-delim.csv"), Map.of("quote", "'", "delimiter", ", ", "header", "true"), true,
				5);
		Map<String, Object> crazy = Map.of("quote", "'", "delimiter", "_/-\\\\_", "header", "true");
		verifyCars(fixture("cars-multichar-delim-crazy.csv"), crazy, true, 5);
		List<List<Object>> rows = read(fixture("cars-multichar-delim-crazy.csv"), crazy);
		assertThat(rows.stream().map(r -> r.subList(1, 5)).toList()).containsExactly(
				row("Tesla", "S", "No comment", null), row("Ford", "E350", "Go get one now they are going fast", null),
				row("Chevy", "Volt", null, null));
	}

	@Test
	void decodesIso88591WithItsOwnSeparatorAsTestDifferentEncoding() {
		for (String key : new String[] { "charset", "encoding" }) {
			Map<String, Object> options = Map.of("header", "true", key, "iso-8859-1", "delimiter", "þ");
			verifyCars(fixture("cars_iso-8859-1.csv"), options, true, 5);
			// the separator byte inside a quoted value is text, decoded to UTF-8
			assertThat(read(fixture("cars_iso-8859-1.csv"), options).get(1).get(3))
				.isEqualTo("Go get one now they are þoing fast");
		}
		assertThatIllegalArgumentException()
			.isThrownBy(() -> CsvOptions.fromMap(Map.of("charset", "1-9588-osi", "header", true)))
			.withMessageStartingWith("option 'charset' must be one of [us-ascii, iso-8859-1, utf-8, utf-16be");
	}

	@Test
	void readsCrlfLineEndsInBothLineModesAsCrlfLineSeparatorsInMultilineMode() {
		verifyCars(fixture("cars-crlf.csv"), Map.of("multiLine", "true", "header", "true"), true, 5);
		verifyCars(fixture("cars-crlf.csv"), Map.of("header", "true"), true, 5);
	}

	@Test
	void dropsTokensPastTheSchemaAsTestForTokensMoreThanTheFields() {
		verifyCars(fixture("cars-malformed.csv"), Map.of("header", "false", "comment", "~"), false, 5);
	}

	// --------------------------------------------------------- nulls and empty values

	@Test
	void readsTheNullValueAsNullableFieldsWithUserDefinedNullValue() {
		Map<String, Object> options = Map.of("header", "true", "nullValue", "null", "schema",
				"year INT, make STRING NOT NULL, model STRING NOT NULL, comment STRING, blank STRING");
		List<List<Object>> rows = read(fixture("cars-null.csv"), options);
		assertThat(rows.get(0)).isEqualTo(row(2012, "Tesla", "S", null, null));
		assertThat(rows.get(2)).isEqualTo(row(null, "Chevy", "Volt", null, null));
	}

	@Test
	void readsAQuotedEmptyFieldAsNullWithTheDefaultNullValue() {
		Map<String, Object> options = Map.of("header", "true", "schema",
				"year INT, make STRING, model STRING, comment STRING, blank STRING");
		assertThat(read(fixture("cars-empty-value.csv"), options)).containsExactly(row(2012, "Tesla", "S", null, null),
				row(1997, "Ford", "E350", "Go get one now they are going fast", null),
				row(2015, "Chevy", "Volt", null, null), row(2021, "BMW", "X1", null, "empty"),
				row(2021, "Volvo", "s60", null, "EMPTY"));
	}

	@Test
	void readsAQuotedEmptyFieldAsEmptyValueAsEmptyFieldsWithUserDefinedEmptyValues() {
		Map<String, Object> options = Map.of("header", "true", "emptyValue", "empty", "schema",
				"year INT, make STRING, model STRING, comment STRING, blank STRING");
		List<List<Object>> rows = read(fixture("cars-empty-value.csv"), options);
		assertThat(rows.get(0)).isEqualTo(row(2012, "Tesla", "S", "empty", "empty"));
		assertThat(rows.get(1)).isEqualTo(row(1997, "Ford", "E350", "Go get one now they are going fast", null));
		assertThat(rows.get(2)).isEqualTo(row(2015, "Chevy", "Volt", null, "empty"));
	}

	@Test
	void readsAnUnquotedEmptyFieldAsNullWhateverTheNullValue() {
		// the read side of Spark's "save csv with empty fields with user defined empty
		// values"
		Map<String, Object> options = Map.of("header", "true", "nullValue", "NULL", "schema",
				"year INT, make STRING, model STRING, comment STRING, blank STRING");
		List<List<Object>> rows = read(fixture("cars-empty-value.csv"), options);
		assertThat(rows.get(0)).isEqualTo(row(2012, "Tesla", "S", "", ""));
		assertThat(rows.get(1)).isEqualTo(row(1997, "Ford", "E350", "Go get one now they are going fast", null));
		assertThat(rows.get(2)).isEqualTo(row(2015, "Chevy", "Volt", null, ""));
	}

	@Test
	void keepsAnEmptyStringOnlyWhenTheNullValueIsSetAsSpark17916() {
		// the file Spark writes for (1, "John Doe"), (2, ""), (3, "-"), (4, null) with
		// nullValue "-"
		Path withDash = text("spark-17916-dash.csv", "1,John Doe\n2,\"\"\n3,-\n4,-\n");
		assertThat(read(withDash, Map.of("nullValue", "-", "schema", "id INT, name STRING")))
			.containsExactly(row(1, "John Doe"), row(2, ""), row(3, null), row(4, null));
		// and with the defaults
		Path plain = text("spark-17916.csv", "1,John Doe\n2,\"\"\n3,-\n4,\n");
		assertThat(read(plain, Map.of("schema", "id INT, name STRING"))).containsExactly(row(1, "John Doe"),
				row(2, null), row(3, "-"), row(4, null));
	}

	@Test
	void readsAQuotedEmptyFieldAsTheEmptyValueAsSpark25241() {
		Path file = text("spark-25241.csv", "1,John Doe\n2,\"\"\n3,-\n4,\n");
		assertThat(read(file, Map.of("emptyValue", "-", "schema", "id INT, name STRING")))
			.containsExactly(row(1, "John Doe"), row(2, "-"), row(3, "-"), row(4, null));
	}

	@Test
	void readsNullsNansAndInfinitiesWithTheirOptions() {
		Map<String, Object> options = new HashMap<>(
				Map.of("header", "true", "mode", "DROPMALFORMED", "nullValue", "--", "nanValue", "NAN", "negativeInf",
						"-INF", "positiveInf", "INF", "schema", "int INT, long BIGINT, float DOUBLE, double DOUBLE"));
		Path file = fixture("numbers.csv");
		// Spark's count (no column is parsed)
		assertThat(readColumns(file, options, new int[0])).hasSize(8);
		assertThat(readColumns(file, options, new int[] { 3 }).stream().map(r -> r.get(0)).toList()).containsExactly(
				23848545.0374, 184721.23987223, 184721.23987223, 184721.23987223, null, Double.NaN,
				Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY);
		// 223823.NAN is no double: those rows are malformed once the column is read
		assertThat(read(file, options)).hasSize(5);
	}

	// ----------------------------------------------------------------------- quotes

	@Test
	void keepsQuotesInsideUnquotedTextAndUnescapedQuotesAsParseUnescapedQuotesWithMaxCharsPerColumn() {
		assertThat(read(fixture("unescaped-quotes.csv"), Map.of("maxCharsPerColumn", "4")))
			.containsExactly(row("\"a\"b", "ccc", "ddd"), row("ab", "cc\"c", "ddd\""));
	}

	@Test
	void doesNotTakeADoubledQuoteForAnEscapedOneWhenTheEscapeIsABackslash() {
		Path file = text("doubled.csv", "\"a \"\"b\"\" c\",\"x\\\"y\",\"d\"\"\n");
		// Spark's defaults (escape \): the first value is kept as written, the last
		// quote pair
		// before the separator is one quote
		assertThat(read(file, Map.of())).containsExactly(row("\"a \"\"b\"\" c\"", "x\"y", "d\""));
		// escape " (RFC 4180): a doubled quote is one quote
		// (and a backslash is a character, so "x\"y" holds an unescaped quote, and "d""
		// never closes)
		assertThat(read(file, Map.of("escape", "\""))).containsExactly(row("a \"b\" c", "\"x\\\"y\"", null));
	}

	@Test
	void readsUnescapedQuotesAsEachUnescapedQuoteHandlingSaysAsSpark33566() {
		Path file = text("spark-33566.csv", "c1,c2\n\"a,\"\"b,c\"\"\",\"xyz\"\n\"a,b,c\",\"x\"\"yz\"\n");
		assertThat(read(file,
				Map.of("inferSchema", "true", "header", "true", "unescapedQuoteHandling", "STOP_AT_CLOSING_QUOTE")))
			.containsExactly(row("a,\"\"b,c\"\"", "xyz"), row("a,b,c", "x\"\"yz"));
		Path one = text("unescaped.csv", "\"a\"b,c\n");
		Schema schema = Schema.parse("x STRING, y STRING");
		assertThat(read(one, Map.of("schema", schema.toDdl()))).containsExactly(row("\"a\"b", "c"));
		assertThat(read(one, Map.of("schema", schema.toDdl(), "unescapedQuoteHandling", "SKIP_VALUE")))
			.containsExactly(row(null, "c"));
		assertThat(read(one, Map.of("schema", schema.toDdl(), "unescapedQuoteHandling", "BACK_TO_DELIMITER")))
			.containsExactly(row("a\"b", "c"));
		assertThat(read(one,
				Map.of("schema", schema.toDdl(), "unescapedQuoteHandling", "RAISE_ERROR", "mode", "DROPMALFORMED")))
			.isEmpty();
		assertThatThrownBy(() -> read(one,
				Map.of("schema", schema.toDdl(), "unescapedQuoteHandling", "RAISE_ERROR", "mode", "FAILFAST")))
			.hasMessageContaining("unescaped quote");
	}

	@Test
	void countsRecordsWithMultiLineQuotedValuesAsSpark46862() {
		Path file = text("spark-46862.csv", """
				"jobID","Name","City","Active"
				"1","DE","","Yes"
				"5",",","",","
				"3","SA","","No"
				"10","abcd""efgh"" \\ndef","",""
				"8","SE","","No\"""");
		Map<String, Object> options = Map.of("multiLine", true, "header", true, "escape", "\"");
		List<List<Object>> rows = read(file, options);
		assertThat(rows).hasSize(5);
		assertThat(rows.get(3)).isEqualTo(row("10", "abcd\"efgh\" \\ndef", null, null));
	}

	@Test
	void readsLineBreaksInsideQuotesUnderMultiLineAsSpark19610() {
		String header = "\"\nstring\",\"integer\n\n\n\",\"long\n\n\",\"bigInteger\",double,boolean,null";
		String values = "\"this is a\nsimple\nstring.\",\"\n\n10\",\"\n21474836470\",\"92233720368547758070\",\"\n\n"
				+ "1.7976931348623157E308\",true,";
		Path file = text("spark-19610.csv", header + "\n" + values + "\n");
		Map<String, Object> options = Map.of("header", true, "multiLine", true);
		assertThat(schema(file, options).names()).containsExactly("\nstring", "integer\n\n\n", "long\n\n", "bigInteger",
				"double", "boolean", "null");
		assertThat(read(file, options)).containsExactly(row("this is a\nsimple\nstring.", "\n\n10", "\n21474836470",
				"92233720368547758070", "\n\n1.7976931348623157E308", "true", null));
	}

	// ------------------------------------------------------ blank lines, comments,
	// spaces

	@Test
	void skipsCommentLinesInBothLineModesAsCommentedLinesInCsvData() {
		for (String multiLine : new String[] { "false", "true" }) {
			assertThat(read(fixture("comments.csv"), Map.of("comment", "~", "header", "false", "multiLine", multiLine)))
				.containsExactly(row("1", "2", "3", "4", "5.01", "2015-08-20 15:57:00"),
						row("6", "7", "8", "9", "0", "2015-08-21 16:58:01"),
						row("1", "2", "3", "4", "5", "2015-08-23 18:00:42"));
		}
	}

	@Test
	void infersTypesPastCommentLinesAsInferringSchemaWithCommentedLines() {
		Map<String, Object> options = Map.of("comment", "~", "header", "false", "inferSchema", "true",
				"timestampFormat", "yyyy-MM-dd HH:mm:ss");
		assertThat(types(schema(fixture("comments.csv"), options))).containsExactly(DataType.INT, DataType.INT,
				DataType.INT, DataType.INT, DataType.DOUBLE, DataType.TIMESTAMP);
		assertThat(read(fixture("comments.csv"), options)).containsExactly(
				row(1, 2, 3, 4, 5.01, LocalDateTime.of(2015, 8, 20, 15, 57)),
				row(6, 7, 8, 9, 0.0, LocalDateTime.of(2015, 8, 21, 16, 58, 1)),
				row(1, 2, 3, 4, 5.0, LocalDateTime.of(2015, 8, 23, 18, 0, 42)));
	}

	@Test
	void readsCommentCharactersAsTextWhenCommentIsEmptyAsSettingCommentToNull() {
		Path file = text("disable_comments.csv", "#1,2,3\n4,5,6\n");
		assertThat(read(file, Map.of("comment", "", "header", "false"))).containsExactly(row("#1", "2", "3"),
				row("4", "5", "6"));
	}

	@Test
	void skipsALineOfOnlyWhitespaceAndKeepsSpacesAroundAQuoteAsSpark24329() {
		Map<String, Object> options = Map.of("schema", "colA STRING", "multiLine", false, "header", true, "comment",
				"#", "ignoreLeadingWhiteSpace", false, "ignoreTrailingWhiteSpace", false);
		assertThat(read(fixture("comments-whitespaces.csv"), options)).containsExactly(row(" \"a\" "));
	}

	@Test
	void treatsTheNulCharacterAsACommentOnlyWhenAskedAsSpark42335AndSpark32614() {
		Path file = text("nul.csv", "#abc\n\u0000def\nxyz\n");
		assertThat(read(file, Map.of("comment", "\u0000"))).containsExactly(row("#abc"), row("xyz"));
		assertThat(read(file, Map.of("comment", "#"))).containsExactly(row("\u0000def"), row("xyz"));
		assertThat(read(file, Map.of())).containsExactly(row("#abc"), row("\u0000def"), row("xyz"));
		Path nulFirst = text("spark-32614.csv", "\u0000foo\nbar\nbaz\n");
		assertThat(read(nulFirst, Map.of("header", "false", "inferSchema", "true"))).hasSize(3);
	}

	@ParameterizedTest
	@CsvSource(delimiterString = "|",
			value = { "true|true|a|b|c", "false|true|' a'|b|' c'", "true|false|a|'b  '|'c '" })
	void dropsLeadingAndTrailingWhitespaceAsAsked(boolean leading, boolean trailing, String a, String b, String c) {
		Path file = text("spaces.csv", " a,b  , c \n");
		assertThat(read(file, Map.of("ignoreLeadingWhiteSpace", leading, "ignoreTrailingWhiteSpace", trailing)))
			.containsExactly(row(a, b, c));
		assertThat(read(file, Map.of())).containsExactly(row(" a", "b  ", " c "));
	}

	@Test
	void countsALongRecordWithIgnoreTrailingWhiteSpaceAsSpark34768() {
		Path file = text("spark-34768.csv", "X".repeat(127) + "| |\n");
		assertThat(read(file, Map.of("delimiter", "|", "ignoreTrailingWhiteSpace", "true"))).hasSize(1);
	}

	@Test
	void countsMalformedInputAsCountForMalformedInput() {
		for (String first : new String[] { "{-}", "0xAC", "\\\\\\" }) {
			assertThat(read(text("m.csv", first + "\n1\n"), Map.of("schema", "a INT", "header", false))).hasSize(2);
		}
		assertThat(read(text("e.csv", "\n"), Map.of("schema", "a INT"))).isEmpty();
		assertThat(read(text("npe.csv", "\u0001\u0000\u0001234\n"), Map.of("schema", "a INT")))
			.containsExactly(row((Object) null));
	}

	// --------------------------------------------------------------- line separators

	@Test
	void endsLinesAtCrCrlfAndLfByDefault() {
		Path file = text("line-ends.csv", "\"a\",1\r\"c\",2\r\n\"d\",3\n");
		Map<String, Object> options = Map.of("inferSchema", true);
		assertThat(schema(file, options).toDdl()).isEqualTo("_c0 string, _c1 int");
		assertThat(read(file, options)).containsExactly(row("a", 1), row("c", 2), row("d", 3));
	}

	static Stream<Arguments> lineSeparators() {
		// Spark's cases less the encodings Spark 4 only reads under
		// spark.sql.legacy.javaCharsets (CP1251, UTF-32LE, UTF-32BE)
		return Stream.of(Arguments.of("|", "UTF-8", false), Arguments.of("^", "UTF-16BE", true),
				Arguments.of(":", "ISO-8859-1", true), Arguments.of("!", "UTF-32", false),
				Arguments.of("\u001E", "UTF-8", true), Arguments.of("\r", "UTF-16LE", true),
				Arguments.of("=", "US-ASCII", false), Arguments.of("$", "utf-32", true),
				Arguments.of("\r\n", "UTF-16", false));
	}

	@ParameterizedTest
	@MethodSource("lineSeparators")
	void readsACustomLineSeparatorInEveryEncodingAsSupportLineSeparator(String lineSep, String encoding,
			boolean inferSchema) {
		String data = "\"a\",1" + lineSep + "\nc,2" + lineSep + "\"\nd\",3";
		for (String lines : new String[] { data, data + lineSep }) {
			Path file = bytes("line-sep.csv", lines.getBytes(Charset.forName(encoding)));
			for (boolean multiLine : new boolean[] { false, true }) {
				Map<String, Object> options = new HashMap<>(
						Map.of("lineSep", lineSep, "multiLine", multiLine, "encoding", encoding));
				if (inferSchema) {
					options.put("inferSchema", true);
					assertThat(read(file, options)).containsExactly(row("a", 1), row("\nc", 2), row("\nd", 3));
				}
				else {
					options.put("schema", "_c0 STRING, _c1 BIGINT");
					assertThat(read(file, options)).containsExactly(row("a", 1L), row("\nc", 2L), row("\nd", 3L));
				}
			}
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "\r\n", "||", "|" })
	void readsALineSeparatorOfOneOrTwoCharactersAsLineSepWith2Chars(String newLine) {
		Path flat = text("flat.csv", "name,age" + newLine + "jack,30" + newLine + "tom,18");
		assertThat(read(flat, Map.of("header", "true", "multiLine", "false", "lineSep", newLine)))
			.containsExactly(row("jack", "30"), row("tom", "18"));
		// Spark's univocity parser fails on "||" inside quotes; Kindling reads it
		Path quoted = text("quoted.csv",
				"name,\"i am the" + newLine + " column1\"" + newLine + "jack,30" + newLine + "tom,18");
		assertThat(read(quoted, Map.of("header", "true", "multiLine", "true", "lineSep", newLine)))
			.containsExactly(row("jack", "30"), row("tom", "18"));
	}

	@Test
	void refusesAnEmptyOrLongLineSeparatorAsLineSepRestrictions() {
		assertThatIllegalArgumentException().isThrownBy(() -> CsvOptions.fromMap(Map.of("lineSep", "")))
			.withMessage("option 'lineSep' must not be empty");
		assertThatIllegalArgumentException().isThrownBy(() -> CsvOptions.fromMap(Map.of("lineSep", "123")))
			.withMessage("option 'lineSep' must be one or two characters, got '123'");
	}

	@ParameterizedTest
	@ValueSource(strings = { "UTF-8", "ISO-8859-1", "US-ASCII", "UTF-16BE", "UTF-16LE", "UTF-32", "UTF-16" })
	void readsEveryEncodingInBothLineModesAsEncodingInMultiLineMode(String encoding) {
		for (boolean header : new boolean[] { true, false }) {
			String content = (header ? "id\n" : "") + "0\n1\n2\n";
			Path file = bytes("enc.csv", content.getBytes(Charset.forName(encoding)));
			for (boolean multiLine : new boolean[] { true, false }) {
				Map<String, Object> options = Map.of("multiLine", multiLine, "encoding", encoding, "inferSchema", true,
						"header", header);
				assertThat(read(file, options)).containsExactly(row(0), row(1), row(2));
			}
		}
	}

	// -------------------------------------------------------------- schema inference

	@Test
	void infersBooleansDecimalsAndSparseColumnsAsSparkDoes() {
		assertThat(types(schema(fixture("decimal.csv"), Map.of("comment", "~", "header", true, "inferSchema", true))))
			.containsExactly(DataType.decimal(20, 0), DataType.BIGINT, DataType.DOUBLE);
		assertThat(types(schema(fixture("simple_sparse.csv"), Map.of("header", true, "inferSchema", true))))
			.containsExactly(DataType.INT, DataType.INT, DataType.INT, DataType.INT);
		assertThat(types(schema(text("bool.csv", "bool\n\"True\"\n\"False\"\n\n\"true\"\n"),
				Map.of("header", true, "inferSchema", true))))
			.containsExactly(DataType.BOOLEAN);
		assertThat(read(fixture("decimal.csv"), Map.of("comment", "~", "header", true, "inferSchema", true)).get(2))
			.isEqualTo(row(new BigDecimal("92233720368547758070"), 1L, 92233720368547758070.0));
	}

	@ParameterizedTest
	@CsvSource(delimiterString = "=>",
			value = { "'' => ", "100000000000 => bigint", "60 => int", "3.5 => double", "test => string",
					"2015-08-20 15:57:00 => timestamp", "True => boolean", "FAlSE => boolean",
					"92233720368547758070 => decimal(20,0)", "1E10 => double",
					"12345678901234567890123456789012345678901 => double", "1,000 => string" })
	void infersAValueFromNothingAsCsvInferSchemaSuite(String value, String type) {
		CsvTypeInference inference = new CsvTypeInference(1,
				CsvOptions.fromMap(Map.of("timestampFormat", "yyyy-MM-dd HH:mm:ss")));
		assertThat(typeName(inference.inferValue(null, value))).isEqualTo(type);
	}

	@ParameterizedTest
	@CsvSource(delimiterString = "=>",
			value = { "bigint, 1.0 => double", "bigint, test => string", "int, 1.0 => double", "double, test => string",
					"bigint, 2015-08-20 14:57:00 => string", "double, 2015-08-20 15:57:00 => string",
					"bigint, True => string", "int, FALSE => string", "timestamp, FALSE => string",
					"int, 92233720368547758070 => decimal(20,0)", "decimal, 1.5 => double",
					"decimal, 2015-12-01 00:00:00 => string" })
	void infersAValueFromAnotherTypeAsCsvInferSchemaSuite(String soFarAndValue, String type) {
		CsvTypeInference inference = new CsvTypeInference(1,
				CsvOptions.fromMap(Map.of("timestampFormat", "yyyy-MM-dd HH:mm:ss")));
		String[] parts = soFarAndValue.split(", ", 2);
		assertThat(typeName(inference.inferValue(DataType.parse(parts[0]), parts[1]))).isEqualTo(type);
	}

	@Test
	void infersTimestampsAndDatesWithTheirPatternsAsCsvInferSchemaSuite() {
		assertThat(infer(Map.of("timestampFormat", "yyyy-mm"), DataType.TIMESTAMP, "2015-08"))
			.isEqualTo(DataType.TIMESTAMP);
		assertThat(infer(Map.of("timestampFormat", "yyyy"), DataType.TIMESTAMP, "2015")).isEqualTo(DataType.TIMESTAMP);
		assertThat(infer(Map.of(), DataType.INT, "2015-08-20 14")).isEqualTo(DataType.STRING);
		assertThat(infer(Map.of(), DataType.DOUBLE, "2015-08-20 14:10")).isEqualTo(DataType.STRING);
		assertThat(infer(Map.of(), DataType.BIGINT, "2015-08 14:49:00")).isEqualTo(DataType.STRING);
		assertThat(infer(Map.of(), DataType.BIGINT, "Fale")).isEqualTo(DataType.STRING);
		assertThat(infer(Map.of(), DataType.DOUBLE, "TRUEe")).isEqualTo(DataType.STRING);
		assertThat(infer(Map.of("dateFormat", "yyyy/MM/dd"), null, "2018/12/02")).isEqualTo(DataType.DATE);
		assertThat(infer(Map.of("dateFormat", "MMM yyyy"), null, "Dec 2018")).isEqualTo(DataType.DATE);
		Map<String, Object> both = Map.of("dateFormat", "yyyy-MM-dd", "timestampFormat", "yyyy-MM-dd'T'HH:mm:ss");
		assertThat(infer(both, null, "2018-12-03T11:00:00")).isEqualTo(DataType.TIMESTAMP);
		assertThat(infer(both, null, "2018-12-03")).isEqualTo(DataType.DATE);
		Map<String, Object> mixed = Map.of("dateFormat", "yyyy_MM_dd", "timestampFormat", "yyyy|MM|dd");
		assertThat(infer(mixed, DataType.DATE, "2012_12_12")).isEqualTo(DataType.DATE);
		assertThat(infer(mixed, DataType.DATE, "2003|01|01")).isEqualTo(DataType.STRING);
		assertThat(infer(mixed, DataType.TIMESTAMP, "2018_12_03")).isEqualTo(DataType.STRING);
		Map<String, Object> same = Map.of("dateFormat", "yyyy_MM_dd", "timestampFormat", "yyyy_MM_dd");
		assertThat(infer(same, DataType.DATE, "2012_12_12")).isEqualTo(DataType.DATE);
		assertThat(infer(Map.of("timestampFormat", "yyyy-MM-dd'T'HH:mm:ss"), null, "2884-06-24T02:45:51.138"))
			.isEqualTo(DataType.STRING);
	}

	@Test
	void mergesTypesAsCsvInferSchemaSuite() {
		CsvTypeInference plain = new CsvTypeInference(1, CsvOptions.defaults());
		assertThat(plain.merge(DataType.STRING, DataType.DOUBLE)).isEqualTo(DataType.STRING);
		assertThat(plain.merge(DataType.INT, DataType.BIGINT)).isEqualTo(DataType.BIGINT);
		assertThat(plain.merge(DataType.DOUBLE, DataType.BIGINT)).isEqualTo(DataType.DOUBLE);
		assertThat(plain.merge(DataType.DATE, DataType.TIMESTAMP)).isEqualTo(DataType.TIMESTAMP);
		assertThat(plain.merge(null, null)).isNull();
		CsvTypeInference patterned = new CsvTypeInference(1,
				CsvOptions.fromMap(Map.of("timestampFormat", "yyyy-MM-dd HH:mm:ss")));
		assertThat(patterned.merge(DataType.DATE, DataType.TIMESTAMP)).isEqualTo(DataType.STRING);
	}

	@Test
	void skipsTheNullValueAndInfersSpecialDoublesAsCsvInferSchemaSuite() {
		assertThat(infer(Map.of("nullValue", "null"), null, "null")).isNull();
		assertThat(infer(Map.of("nullValue", "null"), DataType.STRING, "null")).isEqualTo(DataType.STRING);
		assertThat(infer(Map.of("nullValue", "null"), DataType.BIGINT, "null")).isEqualTo(DataType.BIGINT);
		for (DataType t : new DataType[] { DataType.INT, DataType.DOUBLE, DataType.TIMESTAMP, DataType.BOOLEAN,
				DataType.decimal(20, 0) }) {
			assertThat(infer(Map.of("nullValue", "\\N"), t, "\\N")).isEqualTo(t);
		}
		Map<String, Object> specials = Map.of("nanValue", "nan", "negativeInf", "-inf", "positiveInf", "inf");
		for (String v : new String[] { "nan", "inf", "-inf" }) {
			assertThat(infer(specials, null, v)).isEqualTo(DataType.DOUBLE);
		}
	}

	@ParameterizedTest
	@CsvSource({ "en-US, '1,000,001', string", "ko-KR, '1,000,001', 'decimal(7,0)'", "de-DE, 1.000.001, 'decimal(7,0)'",
			"ru-RU, '1\u00A0000\u00A0001', 'decimal(7,0)'" })
	void infersDecimalsWithTheLocaleAsInferringTheDecimalTypeUsingLocale(String locale, String value, String type) {
		assertThat(typeName(infer(Map.of("locale", locale, "sep", "|"), null, value))).isEqualTo(type);
	}

	@Test
	void infersAMixOfDatesAndTimestampsWhateverTheOrderAsSpark40474() {
		List<String> values = List.of("1423-11-12T23:41:00", "1765-03-28", "2016-01-28T20:00:00");
		for (List<String> order : List.of(values, List.of(values.get(1), values.get(0), values.get(2)),
				List.of(values.get(2), values.get(0), values.get(1)))) {
			Path file = text("spark-40474.csv", String.join("\n", order) + "\n");
			// a timestamp pattern: the column is a string, every value kept
			Map<String, Object> patterned = Map.of("header", "false", "inferSchema", "true", "timestampFormat",
					"yyyy-MM-dd'T'HH:mm:ss");
			assertThat(types(schema(file, patterned))).containsExactly(DataType.STRING);
			assertThat(read(file, patterned).stream().map(r -> r.get(0)).toList()).isEqualTo(order);
			// no pattern: timestamps, the date at midnight
			Map<String, Object> lenient = Map.of("header", "false", "inferSchema", "true");
			assertThat(types(schema(file, lenient))).containsExactly(DataType.TIMESTAMP);
			assertThat(read(file, lenient).stream().map(r -> r.get(0)).toList()).containsExactlyInAnyOrder(
					LocalDateTime.of(1765, 3, 28, 0, 0), LocalDateTime.of(1423, 11, 12, 23, 41),
					LocalDateTime.of(2016, 1, 28, 20, 0));
		}
	}

	@Test
	void infersAColumnOfDatesAsDatesAsSpark39469() {
		Path file = text("spark-39469.csv", "2001-09-08\n1941-01-02\n0293-11-07\n");
		Map<String, Object> options = Map.of("header", "false", "inferSchema", "true", "timestampFormat",
				"yyyy-MM-dd'T'HH:mm:ss");
		assertThat(read(file, options)).containsExactly(row(LocalDate.of(2001, 9, 8)), row(LocalDate.of(1941, 1, 2)),
				row(LocalDate.of(293, 11, 7)));
	}

	@Test
	void neverTurnsASampledValueIntoNullByInference() {
		// a custom date pattern Spark's lenient timestamps cannot read: dates and
		// timestamps
		// make a string column, not a timestamp column whose dates would be null
		Path file = text("mixed.csv", "d\n31/12/2024\n2024-12-31 10:00:00\n");
		Map<String, Object> options = Map.of("header", true, "inferSchema", true, "dateFormat", "dd/MM/yyyy");
		assertThat(types(schema(file, options))).containsExactly(DataType.STRING);
		assertThat(read(file, options)).containsExactly(row("31/12/2024"), row("2024-12-31 10:00:00"));
		// Spark's ladder from a date: a year alone reads as a timestamp, so the column is
		// a timestamp and both values read
		Path years = text("years.csv", "d\n2021-01-01\n2021\n");
		assertThat(read(years, Map.of("header", true, "inferSchema", true)))
			.containsExactly(row(LocalDateTime.of(2021, 1, 1, 0, 0)), row(LocalDateTime.of(2021, 1, 1, 0, 0)));
	}

	@Test
	void infersMixedKindsAsStringsAsSpark32025AndSpark27512() {
		assertThat(types(schema(text("mixed-kinds.csv", "col_mixed_types\n2012\n1997\nTrue\n"),
				Map.of("header", "true", "inferSchema", "true"))))
			.containsExactly(DataType.STRING);
		assertThat(types(schema(text("comma.csv", "1,2\n"), Map.of("delimiter", "|", "inferSchema", "true"))))
			.containsExactly(DataType.STRING);
	}

	@Test
	void samplesTheLinesSparkSamplesAsSpark23846() {
		// Spark's sampledTestData: 100 doubles but for eight integers, which are the
		// lines
		// Spark's sampler picks with samplingRatio 0.1
		StringBuilder sb = new StringBuilder();
		java.util.Set<Integer> picked = java.util.Set.of(3, 18, 20, 24, 50, 60, 87, 99);
		for (int i = 0; i < 100; i++) {
			sb.append(picked.contains(i) ? Integer.toString(i) : Double.toString(i + 0.1)).append('\n');
		}
		Path file = text("sampled.csv", sb.toString());
		assertThat(schema(file, Map.of("inferSchema", true, "samplingRatio", 0.1)).toDdl()).isEqualTo("_c0 int");
		assertThat(schema(file, Map.of("inferSchema", true, "samplingRatio", 1.0)).toDdl()).isEqualTo("_c0 double");
		assertThat(schema(file, Map.of("inferSchema", true)).toDdl()).isEqualTo("_c0 double");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> CsvOptions.fromMap(Map.of("inferSchema", true, "samplingRatio", -1)))
			.withMessage("option 'samplingRatio' must be greater than 0, got -1.0");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> CsvOptions.fromMap(Map.of("inferSchema", true, "samplingRatio", 0)))
			.withMessage("option 'samplingRatio' must be greater than 0, got 0.0");
	}

	// --------------------------------------------------------- dates and timestamps

	@Test
	void readsTimestampsAndDatesWithCustomPatternsAsInferringTimestampTypesViaCustomDateFormat() {
		assertThat(read(fixture("dates.csv"),
				Map.of("header", "true", "inferSchema", "true", "timestampFormat", "dd/MM/yyyy HH:mm")))
			.containsExactly(row(LocalDateTime.of(2015, 8, 26, 18, 0)), row(LocalDateTime.of(2014, 10, 27, 18, 30)),
					row(LocalDateTime.of(2016, 1, 28, 20, 0)));
		assertThat(read(fixture("dates.csv"),
				Map.of("header", "true", "inferSchema", "false", "dateFormat", "dd/MM/yyyy HH:mm", "schema",
						"date DATE")))
			.containsExactly(row(LocalDate.of(2015, 8, 26)), row(LocalDate.of(2014, 10, 27)),
					row(LocalDate.of(2016, 1, 28)));
	}

	@Test
	void readsDatesAndTimestampsWithoutAPatternAsSparkCastsThemAsSpark36536AndSpark30960() {
		Path file = text("spark-36536.csv",
				"d,ts\n2021,2021\n2021-01,2021-01 \n 2021-2-1,2021-3-02\n2021-8-18 00:00:00,2021-8-18 21:44:30Z\n");
		assertThat(read(file, Map.of("header", true, "schema", "d DATE, ts TIMESTAMP"))).containsExactly(
				row(LocalDate.of(2021, 1, 1), LocalDateTime.of(2021, 1, 1, 0, 0)),
				row(LocalDate.of(2021, 1, 1), LocalDateTime.of(2021, 1, 1, 0, 0)),
				row(LocalDate.of(2021, 2, 1), LocalDateTime.of(2021, 3, 2, 0, 0)),
				row(LocalDate.of(2021, 8, 18), LocalDateTime.of(2021, 8, 18, 21, 44, 30)));
		Path legacy = text("spark-30960.csv", "2020-1-12 3:23:34.12, 2020-1-12 T\n");
		assertThat(read(legacy, Map.of("schema", "t TIMESTAMP, d DATE")))
			.containsExactly(row(LocalDateTime.of(2020, 1, 12, 3, 23, 34, 120_000_000), LocalDate.of(2020, 1, 12)));
		Path zoned = text("zoned.csv", "2020-12-12T17:12:12.000+05:00\n2020-12-12 12:12:12 UTC\n");
		assertThat(read(zoned, Map.of("schema", "t TIMESTAMP"))).containsExactly(
				row(LocalDateTime.of(2020, 12, 12, 12, 12, 12)), row(LocalDateTime.of(2020, 12, 12, 12, 12, 12)));
	}

	@Test
	void readsWhatTheTimestampCastReadsAndNullForTheRestAsSpark39904() {
		Path file = text("spark-39904.csv", "2020-02-01 12:34:56\n2020-02-02\ninvalid\n");
		assertThat(read(file, Map.of("schema", "ts TIMESTAMP"))).containsExactly(
				row(LocalDateTime.of(2020, 2, 1, 12, 34, 56)), row(LocalDateTime.of(2020, 2, 2, 0, 0)),
				row((Object) null));
	}

	@Test
	void readsOnlyWhatAPatternReadsAsSpark39731AndSpark40496() {
		Path file = text("spark-39731.csv", "1,2020011,2020011\n2,20201203,20201203\n");
		assertThat(read(file,
				Map.of("schema", "id INT, date DATE, ts TIMESTAMP", "dateFormat", "yyyyMMdd", "timestampFormat",
						"yyyyMMdd")))
			.containsExactly(row(1, null, null),
					row(2, LocalDate.of(2020, 12, 3), LocalDateTime.of(2020, 12, 3, 0, 0)));
		Path iso = text("spark-40496.csv", "2020-01-01\n");
		assertThat(read(iso, Map.of("schema", "col DATE", "dateFormat", "yyyy/MM/dd")))
			.containsExactly(row((Object) null));
		assertThat(read(iso, Map.of("schema", "col TIMESTAMP", "timestampFormat", "yyyy/MM/dd HH:mm:ss")))
			.containsExactly(row((Object) null));
		// Kindling refuses a pattern Java cannot read, where Spark falls back
		// (SPARK-39731)
		assertThatIllegalArgumentException().isThrownBy(() -> CsvOptions.fromMap(Map.of("dateFormat", "invalid")))
			.withMessageStartingWith("option 'dateFormat' is not a valid datetime pattern: 'invalid'");
	}

	@Test
	void readsMicrosecondsAndMonthNamesOfTheLocale() {
		Path micros = text("micros.csv", "2019-11-14 20:35:30.123456\n");
		assertThat(read(micros, Map.of("schema", "t TIMESTAMP", "timestampFormat", "yyyy-MM-dd HH:mm:ss.SSSSSS")))
			.containsExactly(row(LocalDateTime.of(2019, 11, 14, 20, 35, 30, 123_456_000)));
		Path french = text("fr.csv", "12 févr. 2024\n");
		assertThat(read(french, Map.of("schema", "d DATE", "dateFormat", "dd MMM yyyy", "locale", "fr-FR")))
			.containsExactly(row(LocalDate.of(2024, 2, 12)));
	}

	@Test
	void readsBadValuesAsNullWithoutReusingTheLastGoodOneAsDoNotReuseLastGoodValue() {
		assertThat(read(fixture("bad_after_good.csv"), Map.of("schema", "col1 STRING, col2 DATE")))
			.containsExactly(row("good record", LocalDate.of(1999, 8, 1)), row("bad record", null));
		assertThat(read(fixture("value-malformed.csv"), Map.of("schema", "a INT, b DATE", "mode", "PERMISSIVE")))
			.containsExactly(row(0, null), row(1, LocalDate.of(1983, 8, 4)));
	}

	// -------------------------------------------------------------- records and types

	@Test
	void fillsMissingTokensWithNullAndDropsExtraOnesAsSpark24676() {
		Path file = text("tokens.csv", "1,2\n");
		assertThat(read(file, Map.of("schema", "c0 INT", "mode", "permissive"))).containsExactly(row(1));
		assertThat(read(file, Map.of("schema", "c0 INT, c1 INT, c2 INT", "mode", "permissive")))
			.containsExactly(row(1, 2, null));
	}

	@Test
	void handlesAnInvalidDoubleInEveryModeAsSpark21263() {
		Path file = text("spark-21263.csv", "10u12\n");
		assertThatThrownBy(() -> read(file, Map.of("schema", "a DOUBLE", "mode", "FAILFAST")))
			.hasMessageContaining("cannot parse '10u12' as double");
		assertThat(read(file, Map.of("schema", "a FLOAT", "mode", "DROPMALFORMED"))).isEmpty();
		assertThat(read(file, Map.of("schema", "a FLOAT", "mode", "PERMISSIVE"))).containsExactly(row((Object) null));
	}

	@Test
	void usesABackslashAsTheSeparator() {
		Path file = text("backslash.csv", "abc\\1\n");
		assertThat(read(file, Map.of("delimiter", "\\\\"))).containsExactly(row("abc", "1"));
		assertThat(read(file, Map.of("delimiter", "\\\\", "inferSchema", true))).containsExactly(row("abc", 1));
	}

	@Test
	void readsCharAndVarcharColumnsAsStringsPaddingCharsAsSpark48241() {
		assertThat(read(fixture("char.csv"), Map.of("header", "true", "schema", "color char(4), name varchar(10)")))
			.containsExactly(row("pink", "Bob"), row("blue", "Mike"), row("grey", "Tom"));
		Schema schema = Schema.parse("color CHAR(6), name VARCHAR(2)");
		assertThat(schema.fields()).containsExactly(new Field("color", DataType.STRING, true, 6),
				new Field("name", DataType.STRING));
		assertThat(schema.toDdl()).isEqualTo("color char(6), name string");
		// Spark pads a char(n) value on read and leaves a longer one, or a varchar, alone
		assertThat(read(fixture("char.csv"), Map.of("header", "true", "schema", schema.toDdl())))
			.containsExactly(row("pink  ", "Bob"), row("blue  ", "Mike"), row("grey  ", "Tom"));
		assertThat(read(fixture("char.csv"), Map.of("header", "true", "schema", "color char(2), name string")))
			.containsExactly(row("pink", "Bob"), row("blue", "Mike"), row("grey", "Tom"));
	}

	@Test
	void countsWhatAFullReadKeepsUnderDropMalformedUnlikeSpark29101() {
		// Spark's count with column pruning parses nothing and counts the malformed row
		// (4); Kindling counts the rows a read of every column would give (3)
		assertThat(
				readColumns(fixture("malformedRow.csv"), Map.of("header", "true", "mode", "DROPMALFORMED"), new int[0]))
			.hasSize(3);
	}

	// --------------------------------------------------------------------- helpers

	private DataType infer(Map<String, Object> options, DataType soFar, String value) {
		return new CsvTypeInference(1, CsvOptions.fromMap(options)).inferValue(soFar, value);
	}

	private static String typeName(DataType type) {
		return (type == null) ? null : type.sqlName();
	}

	private static List<DataType> types(Schema schema) {
		return schema.fields().stream().map(Field::type).toList();
	}

	private Path fixture(String name) {
		try {
			return Path.of(getClass().getResource("/spark-csv/" + name).toURI());
		}
		catch (URISyntaxException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private Path text(String name, String content) {
		return bytes(name, content.getBytes(StandardCharsets.UTF_8));
	}

	private Path bytes(String name, byte[] content) {
		try {
			return Files.write(this.dir.resolve(name), content);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static Schema schema(Path file, Map<String, Object> options) {
		return CsvSchemaInference.resolve(CsvTestSupport.in(file), CsvOptions.fromMap(options));
	}

	/** Reads every column, as a job does: the schema resolved, then each split. */
	private static List<List<Object>> read(Path file, Map<String, Object> options) {
		Schema schema = schema(file, options);
		return readColumns(file, options, CsvTestSupport.all(schema));
	}

	private static List<List<Object>> readColumns(Path file, Map<String, Object> options, int[] projection) {
		CsvOptions csv = CsvOptions.fromMap(options);
		Schema schema = CsvSchemaInference.resolve(CsvTestSupport.in(file), csv);
		try {
			List<List<Object>> rows = new ArrayList<>();
			for (FileSplit split : CsvSplitter.plan(Files.size(file), 1, null, !csv.splittable())) {
				rows.addAll(CsvTestSupport.read(file, split, csv, schema, projection));
			}
			return rows;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
