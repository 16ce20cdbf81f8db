package dev.kindling.engine.datasource.csv;

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
		assertThat(o.sep()).isEqualTo(',');
		assertThat(o.quote()).isEqualTo('"');
		assertThat(o.escape()).isEqualTo('\\');
		assertThat(o.nullValue()).isEmpty();
		assertThat(o.mode()).isEqualTo(CsvOptions.Mode.PERMISSIVE);
		assertThat(o.multiLine()).isFalse();
		assertThat(o.partitions()).isNull();
		assertThat(o.maxCharsPerColumn()).isEqualTo(-1);
		assertThat(o.dateFormat()).isEqualTo("yyyy-MM-dd");
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
		assertThat(o.sep()).isEqualTo(';');
		assertThat(o.nullValue()).isEqualTo("NA");
	}

	@Test
	void matchesKeysCaseInsensitivelyAsSparkDoes() {
		assertThat(fromMap(Map.of("INFERSCHEMA", "true", "Header", true)).inferSchema()).isTrue();
	}

	@Test
	void acceptsDelimiterAsAnAliasOfSepAndTabSpelledWithABackslash() {
		assertThat(fromMap(Map.of("delimiter", "|")).sep()).isEqualTo('|');
		assertThat(fromMap(Map.of("sep", "\\t")).sep()).isEqualTo('\t');
		assertThatIllegalArgumentException().isThrownBy(() -> fromMap(Map.of("sep", ";", "delimiter", "|")))
			.withMessageContaining("'sep' and 'delimiter'");
	}

	@Test
	void emptyQuoteTurnsQuotingOff() {
		assertThat(fromMap(Map.of("quote", "")).quote()).isEqualTo('\0');
	}

	@Test
	void rejectsAMultiCharacterSeparatorNamingTheOption() {
		assertThatIllegalArgumentException().isThrownBy(() -> fromMap(Map.of("sep", ";;")))
			.withMessage("option 'sep' must be a single character, got ';;'");
		assertThatIllegalArgumentException().isThrownBy(() -> fromMap(Map.of("quote", "''")))
			.withMessageContaining("option 'quote'");
		assertThatIllegalArgumentException().isThrownBy(() -> fromMap(Map.of("sep", "")))
			.withMessageContaining("option 'sep'");
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
