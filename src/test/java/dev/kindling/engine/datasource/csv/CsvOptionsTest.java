package dev.kindling.engine.datasource.csv;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class CsvOptionsTest {

	@Test
	void defaultsFollowSpark() {
		CsvOptions o = CsvOptions.defaults();
		assertThat(o.header()).isFalse();
		assertThat(o.inferSchema()).isFalse();
		assertThat(o.schema()).isNull();
		assertThat(o.sep()).isEqualTo(",");
		assertThat(o.quote()).isEqualTo('"');
		assertThat(o.escape()).isEqualTo('\\');
		assertThat(o.nullValue()).isEmpty();
		assertThat(o.mode()).isEqualTo(CsvOptions.Mode.PERMISSIVE);
		assertThat(o.multiLine()).isFalse();
		assertThat(o.partitions()).isNull();
		assertThat(o.maxCharsPerColumn()).isEqualTo(-1);
		assertThat(o.dateFormat()).isNull();
		assertThat(o.timestampFormat()).isNull();
		assertThat(o.comment()).isNull();
		assertThat(o.emptyValue()).isEmpty();
		assertThat(o.nanValue()).isEqualTo("NaN");
		assertThat(o.positiveInf()).isEqualTo("Inf");
		assertThat(o.negativeInf()).isEqualTo("-Inf");
		assertThat(o.locale()).isEqualTo(java.util.Locale.US);
		assertThat(o.lineSep()).isNull();
		assertThat(o.encoding()).isEqualTo(java.nio.charset.StandardCharsets.UTF_8);
		assertThat(o.samplingRatio()).isNull();
		assertThat(o.ignoreLeadingWhiteSpace()).isFalse();
		assertThat(o.ignoreTrailingWhiteSpace()).isFalse();
		assertThat(o.unescapedQuoteHandling()).isEqualTo(CsvOptions.UnescapedQuoteHandling.STOP_AT_DELIMITER);
		assertThat(fromMap(Map.of())).isEqualTo(o);
	}

	@Test
	void acceptsBooleansAndNumbersAsValuesOrStrings() {
		CsvOptions o = fromMap(Map.of("header", "true", "inferSchema", true, "multiLine", "FALSE", "partitions", "3",
				"maxCharsPerColumn", 100, "mode", "dropMalformed", "sep", ";", "nullValue", "NA"));
		assertThat(o.header()).isTrue();
		assertThat(o.inferSchema()).isTrue();
		assertThat(o.multiLine()).isFalse();
		assertThat(o.partitions()).isEqualTo(3);
		assertThat(o.maxCharsPerColumn()).isEqualTo(100);
		assertThat(o.mode()).isEqualTo(CsvOptions.Mode.DROPMALFORMED);
		assertThat(o.sep()).isEqualTo(";");
		assertThat(o.nullValue()).isEqualTo("NA");
	}

	@Test
	void matchesKeysCaseInsensitivelyAsSparkDoes() {
		assertThat(fromMap(Map.of("INFERSCHEMA", "true", "Header", true)).inferSchema()).isTrue();
	}

	@Test
	void acceptsDelimiterAsAnAliasOfSepAndTabSpelledWithABackslash() {
		assertThat(fromMap(Map.of("delimiter", "|")).sep()).isEqualTo("|");
		assertThat(fromMap(Map.of("sep", "\\t")).sep()).isEqualTo("\t");
		assertThatIllegalArgumentException().isThrownBy(() -> fromMap(Map.of("sep", ";", "delimiter", "|")))
			.withMessageContaining("option 'sep' and option 'delimiter' disagree");
		assertThat(fromMap(Map.of("charset", "iso-8859-1")).encoding()).isEqualTo(StandardCharsets.ISO_8859_1);
		assertThatIllegalArgumentException()
			.isThrownBy(() -> fromMap(Map.of("encoding", "utf-8", "charset", "iso-8859-1")))
			.withMessageContaining("option 'encoding' and option 'charset' disagree");
	}

	@Test
	void emptyQuoteTurnsQuotingOff() {
		assertThat(fromMap(Map.of("quote", "")).quote()).isEqualTo('\0');
	}

	@Test
	void readsSeparatorsOfSeveralCharactersWithSparksEscapes() {
		assertThat(fromMap(Map.of("sep", ", ")).sep()).isEqualTo(", ");
		assertThat(fromMap(Map.of("sep", "_/-\\\\_")).sep()).isEqualTo("_/-\\_");
		assertThat(fromMap(Map.of("sep", "\\\\")).sep()).isEqualTo("\\");
		assertThatIllegalArgumentException().isThrownBy(() -> fromMap(Map.of("sep", "")))
			.withMessage("option 'sep' must not be empty");
		assertThatIllegalArgumentException().isThrownBy(() -> fromMap(Map.of("sep", "\\")))
			.withMessageContaining("option 'sep' must not end with a single backslash");
		assertThatIllegalArgumentException().isThrownBy(() -> fromMap(Map.of("delimiter", "\\.")))
			.withMessageContaining("option 'delimiter' holds an unsupported escape");
	}

	@Test
	void rejectsQuoteEscapeAndCommentOfMoreThanOneCharacterAsSparkDoes() {
		for (String key : new String[] { "quote", "escape", "comment" }) {
			assertThatIllegalArgumentException().isThrownBy(() -> fromMap(Map.of(key, "<<")))
				.withMessage("option '" + key + "' must be a single character, got '<<'");
		}
		assertThatIllegalArgumentException().isThrownBy(() -> fromMap(Map.of("quote", "é")))
			.withMessageContaining("option 'quote' must be a character of one byte in encoding UTF-8");
		assertThat(fromMap(Map.of("quote", "é", "encoding", "ISO-8859-1")).quote()).isEqualTo('é');
		assertThat(fromMap(Map.of("comment", "")).comment()).isNull();
		assertThat(fromMap(Map.of("comment", "#")).comment()).isEqualTo('#');
	}

	@Test
	void rejectsUnknownOptionsNamingTheKey() {
		assertThatIllegalArgumentException().isThrownBy(() -> fromMap(Map.of("headr", true)))
			.withMessageContaining("'headr'");
	}

	@Test
	void rejectsBadValuesNamingTheOption() {
		assertThatIllegalArgumentException().isThrownBy(() -> fromMap(Map.of("header", "yes")))
			.withMessageContaining("option 'header'");
		assertThatIllegalArgumentException().isThrownBy(() -> fromMap(Map.of("mode", "LENIENT")))
			.withMessageContaining("option 'mode'");
		assertThatIllegalArgumentException().isThrownBy(() -> fromMap(Map.of("partitions", 0)))
			.withMessageContaining("option 'partitions'");
		assertThatIllegalArgumentException().isThrownBy(() -> fromMap(Map.of("partitions", "many")))
			.withMessageContaining("option 'partitions'");
		assertThatIllegalArgumentException().isThrownBy(() -> fromMap(Map.of("maxCharsPerColumn", -5)))
			.withMessageContaining("option 'maxCharsPerColumn'");
		assertThatIllegalArgumentException().isThrownBy(() -> fromMap(Map.of("schema", "id")))
			.withMessageContaining("option 'schema'");
		assertThatIllegalArgumentException().isThrownBy(() -> fromMap(Map.of("schema", "id wibble")))
			.withMessageContaining("option 'schema'");
		assertThatIllegalArgumentException().isThrownBy(() -> fromMap(Map.of("dateFormat", "yyyy-MM-dd {")))
			.withMessageContaining("option 'dateFormat'");
		assertThatIllegalArgumentException().isThrownBy(() -> fromMap(Map.of("header", 1)))
			.withMessageContaining("option 'header'");
		assertThatIllegalArgumentException().isThrownBy(() -> fromMap(Map.of("sep", "\"")))
			.withMessageContaining("'quote'");
		assertThatIllegalArgumentException().isThrownBy(() -> fromMap(Map.of("samplingRatio", -1)))
			.withMessage("option 'samplingRatio' must be greater than 0, got -1.0");
		assertThatIllegalArgumentException().isThrownBy(() -> fromMap(Map.of("samplingRatio", 0)))
			.withMessageContaining("option 'samplingRatio'");
		assertThatIllegalArgumentException().isThrownBy(() -> fromMap(Map.of("lineSep", "")))
			.withMessage("option 'lineSep' must not be empty");
		assertThatIllegalArgumentException().isThrownBy(() -> fromMap(Map.of("lineSep", "123")))
			.withMessageContaining("option 'lineSep' must be one or two characters");
		assertThatIllegalArgumentException().isThrownBy(() -> fromMap(Map.of("encoding", "1-9588-osi")))
			.withMessageContaining("option 'encoding' must be one of [us-ascii, iso-8859-1, utf-8");
		assertThatIllegalArgumentException().isThrownBy(() -> fromMap(Map.of("charset", "windows-1252")))
			.withMessageContaining("option 'charset' must be one of");
		assertThatIllegalArgumentException().isThrownBy(() -> fromMap(Map.of("locale", "not a tag")))
			.withMessageContaining("option 'locale' must be an IETF BCP 47 language tag");
		assertThatIllegalArgumentException().isThrownBy(() -> fromMap(Map.of("unescapedQuoteHandling", "LOOSE")))
			.withMessageContaining("option 'unescapedQuoteHandling' must be one of [STOP_AT_CLOSING_QUOTE");
		assertThatIllegalArgumentException().isThrownBy(() -> fromMap(Map.of("timestampFormat", "YYYY-ww")))
			.withMessageContaining("option 'timestampFormat' is not a valid datetime pattern");
		assertThatIllegalArgumentException().isThrownBy(() -> fromMap(Map.of("dateFormat", "invalid")))
			.withMessageContaining("option 'dateFormat' is not a valid datetime pattern");
		assertThatIllegalArgumentException().isThrownBy(() -> fromMap(Map.of("ignoreLeadingWhiteSpace", "yes")))
			.withMessageContaining("option 'ignoreLeadingWhiteSpace'");
	}

	@Test
	void treatsANullValueAsTheDefault() {
		Map<String, Object> map = new HashMap<>();
		map.put("header", null);
		assertThat(fromMap(map)).isEqualTo(CsvOptions.defaults());
	}

	@Test
	void keepsAValidExplicitSchema() {
		assertThat(fromMap(Map.of("schema", "id INT, name STRING")).explicitSchema().toDdl())
			.isEqualTo("id int, name string");
	}

	private static CsvOptions fromMap(Map<String, Object> map) {
		return CsvOptions.fromMap(map);
	}

}
