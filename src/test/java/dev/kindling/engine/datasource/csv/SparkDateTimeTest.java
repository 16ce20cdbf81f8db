package dev.kindling.engine.datasource.csv;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Locale;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.kindling.engine.types.Temporal;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Spark's datetime cast (the forms of {@code DateTimeUtils.stringToDate} and
 * {@code stringToTimestamp}) and patterns, value by value.
 */
class SparkDateTimeTest {

	@ParameterizedTest
	@CsvSource(delimiterString = "=>",
			value = { "2021 => 2021-01-01", "2021-01 => 2021-01-01", "' 2021-2-1 ' => 2021-02-01",
					"2021-8-18 00:00:00 => 2021-08-18", "2020-1-12 T => 2020-01-12", "2020-01-05Txyz => 2020-01-05",
					"-0001-01-01 => -0001-01-01", "+12345-01-01 => +12345-01-01", "2020-02-30 => ", "2020-01-05- => ",
					"202-01-01 => ", "2020-01 x => ", "2020 T => ", "'' => ", "2020-13-01 => " })
	void castsTextToADateAsSparkDoes(String text, String expected) {
		byte[] b = text.getBytes(StandardCharsets.UTF_8);
		long day = SparkDateTime.stringToDate(b, 0, b.length);
		if (expected == null) {
			assertThat(day).isEqualTo(SparkDateTime.FAIL);
		}
		else {
			assertThat(LocalDate.ofEpochDay(day)).isEqualTo(LocalDate.parse(expected));
		}
	}

	@ParameterizedTest
	@CsvSource(delimiterString = "=>", value = { "2021 => 2021-01-01T00:00", "'2021-01 ' => 2021-01-01T00:00",
			"2021-3-02 => 2021-03-02T00:00", "2021-8-18 21:44:30Z => 2021-08-18T21:44:30",
			"2021-8-18T21:44:30.123 => 2021-08-18T21:44:30.123", "2020-12-12T17:12:12.000+05:00 => 2020-12-12T12:12:12",
			"2020-12-12 12:12:12 UTC => 2020-12-12T12:12:12", "2020-12-12 12:12:12+1:30 => 2020-12-12T10:42:12",
			"2020-12-12 12:12:12 GMT+01 => 2020-12-12T11:12:12",
			"2020-01-01 01:02:03.123456789 => 2020-01-01T01:02:03.123456",
			"2020-01-01 01:02:03.1234567891234 => 2020-01-01T01:02:03.123456", "2020-01-01 10 => 2020-01-01T10:00",
			"2020-01-01 10:11 => 2020-01-01T10:11", "2020-01-01 24:00:00 => ", "2020-01-01 10:00Z => ",
			"2015-08 14:49:00 => ", "invalid => ", "2020-01-01T => " })
	void castsTextToATimestampInUtcAsSparkDoes(String text, String expected) {
		byte[] b = text.getBytes(StandardCharsets.UTF_8);
		long micros = SparkDateTime.stringToTimestamp(b, 0, b.length);
		if (expected == null) {
			assertThat(micros).isEqualTo(SparkDateTime.FAIL);
		}
		else {
			assertThat(Temporal.fromMicros(micros)).isEqualTo(LocalDateTime.parse(expected));
			long iso = SparkDateTime.isoTimestamp(b, 0, b.length);
			if (iso != SparkDateTime.FAIL) {
				assertThat(iso).isEqualTo(micros);
			}
		}
	}

	@ParameterizedTest
	@CsvSource({ "'12:30:00'", "'T12:30:00'" })
	void castsATimeAloneToTodayInUtcAsSparkDoes(String text) {
		byte[] b = text.getBytes(StandardCharsets.UTF_8);
		LocalDateTime t = Temporal.fromMicros(SparkDateTime.stringToTimestamp(b, 0, b.length));
		assertThat(t.toLocalTime()).hasToString("12:30");
		assertThat(t.toLocalDate()).isIn(LocalDate.now(ZoneOffset.UTC), LocalDate.now(ZoneOffset.UTC).minusDays(1));
	}

	@ParameterizedTest
	@CsvSource(delimiterString = "=>",
			value = { "yyyy-MM-dd HH:mm:ss.SSSSSS|2019-11-14 20:35:30.1 => 2019-11-14T20:35:30.1",
					"dd/MM/yyyy HH:mm|26/08/2015 18:00 => 2015-08-26T18:00",
					"yyyy-MM-dd'T'HH:mm:ssXXX|2020-01-01T10:00:00+02:00 => 2020-01-01T08:00",
					"yyyy|2015 => 2015-01-01T00:00", "yyyy-mm|2015-08 => 2015-01-01T00:08", "yyyyMMdd|2020011 => ",
					"dd/MM/yyyy HH:mm|2015-08-26 18:00 => " })
	void readsTimestampsWithSparkPatterns(String patternAndText, String expected) {
		String[] parts = patternAndText.split("\\|", 2);
		long micros = SparkDatePatterns.parseTimestamp(parts[1],
				SparkDatePatterns.formatter(parts[0], Locale.US, true));
		if (expected == null) {
			assertThat(micros).isEqualTo(SparkDateTime.FAIL);
		}
		else {
			assertThat(Temporal.fromMicros(micros)).isEqualTo(LocalDateTime.parse(expected));
		}
	}

}
