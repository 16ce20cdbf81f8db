package dev.kindling.engine.expr.eval;

import java.time.LocalDate;
import java.time.LocalDateTime;

import org.junit.jupiter.api.Test;

import dev.kindling.engine.expr.ExprException;
import dev.kindling.engine.types.DataType;

import static dev.kindling.engine.expr.eval.EvalSupport.LENIENT;
import static dev.kindling.engine.expr.eval.EvalSupport.bind;
import static dev.kindling.engine.expr.eval.EvalSupport.eval;
import static dev.kindling.engine.expr.eval.EvalSupport.session;
import static dev.kindling.engine.expr.eval.EvalSupport.value;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Date and time functions against the values Spark 4 gives (its function reference and
 * {@code DateExpressionsSuite}), in UTC and in other session time zones, with ANSI mode
 * on (Spark 4's default: invalid input is an error) and off (null).
 */
class DateFunctionsTest {

	private static final Session LOS_ANGELES = session("America/Los_Angeles", true, "2020-04-25T15:49:11.914Z");

	private static LocalDate date(String s) {
		return LocalDate.parse(s);
	}

	private static LocalDateTime ts(String s) {
		return LocalDateTime.parse(s.replace(' ', 'T'));
	}

	@Test
	void fieldsOfADate() {
		assertThat(value("year('2016-07-30')")).isEqualTo(2016);
		assertThat(value("quarter('2016-08-31')")).isEqualTo(3);
		assertThat(value("month('2016-07-30')")).isEqualTo(7);
		assertThat(value("dayofmonth('2009-07-30')")).isEqualTo(30);
		assertThat(value("dayofweek('2009-07-30')")).isEqualTo(5);
		assertThat(value("weekday('2009-07-30')")).isEqualTo(3);
		assertThat(value("dayofyear('2016-04-09')")).isEqualTo(100);
		assertThat(value("weekofyear('2008-02-20')")).isEqualTo(8);
		assertThat(value("weekofyear('2021-01-03')")).isEqualTo(53);
		assertThat(value("monthname('2008-02-20')")).isEqualTo("Feb");
		assertThat(value("dayname(DATE '2008-02-20')")).isEqualTo("Wed");
		assertThat(value("year(make_date(-44, 3, 15))")).isEqualTo(-44);
		assertThat(value("dayofweek(DATE '1969-12-31')")).isEqualTo(4);
		assertThat(eval("quarter(joined)")).containsExactly(1, 2, null, 4);
		assertThat(eval("year(seen)")).containsExactly(2024, null, 2020, 2024);
	}

	@Test
	void fieldsOfATimestamp() {
		assertThat(value("hour('2009-07-30 12:58:59')")).isEqualTo(12);
		assertThat(value("minute('2009-07-30 12:58:59')")).isEqualTo(58);
		assertThat(value("second('2009-07-30 12:58:59')")).isEqualTo(59);
		assertThat(value("hour(TIMESTAMP '1969-12-31 23:10:00')")).isEqualTo(23);
		assertThat(value("second(DATE '2020-01-01')")).isEqualTo(0);
		assertThat(eval("hour(seen)")).containsExactly(10, null, 23, 0);
	}

	@Test
	void arithmeticByDaysAndMonths() {
		assertThat(value("date_add('2016-07-30', 1)")).isEqualTo(date("2016-07-31"));
		assertThat(value("dateadd('2016-07-30', 1)")).isEqualTo(date("2016-07-31"));
		assertThat(value("date_sub('2016-07-30', 1)")).isEqualTo(date("2016-07-29"));
		assertThat(value("date_add(TIMESTAMP '2016-07-30 23:00:00', 1)")).isEqualTo(date("2016-07-31"));
		assertThat(value("datediff('2009-07-31', '2009-07-30')")).isEqualTo(1);
		assertThat(value("datediff('2009-07-30', '2009-07-31')")).isEqualTo(-1);
		assertThat(value("add_months('2016-08-31', 1)")).isEqualTo(date("2016-09-30"));
		assertThat(value("add_months('2016-02-29', 12)")).isEqualTo(date("2017-02-28"));
		assertThat(value("add_months('2016-01-31', -2)")).isEqualTo(date("2015-11-30"));
		assertThat(value("last_day('2009-01-12')")).isEqualTo(date("2009-01-31"));
		assertThat(value("last_day('2024-02-10')")).isEqualTo(date("2024-02-29"));
		assertThat(value("next_day('2015-01-14', 'TU')")).isEqualTo(date("2015-01-20"));
		assertThat(value("next_day('2015-01-14', 'wednesday')")).isEqualTo(date("2015-01-21"));
		assertThat(value("date_add(null, 1)")).isNull();
		assertThat(bind("date_add(joined, 1)").type()).isEqualTo(DataType.DATE);
	}

	@Test
	void monthsBetweenFollowsSparksThirtyOneDayRule() {
		assertThat(value("months_between('1997-02-28 10:30:00', '1996-10-30')")).isEqualTo(3.94959677);
		assertThat(value("months_between('1997-02-28 10:30:00', '1996-10-30', false)")).isEqualTo(3.9495967741935485);
		assertThat(value("months_between('2017-01-31', '2016-12-31')")).isEqualTo(1.0);
		assertThat(value("months_between('2016-03-15 10:00:00', '2016-01-15 23:59:59')")).isEqualTo(2.0);
		assertThat(value("months_between('2016-01-01', '2016-03-01')")).isEqualTo(-2.0);
	}

	@Test
	void truncationOfDatesAndTimestamps() {
		assertThat(value("trunc('2019-08-04', 'week')")).isEqualTo(date("2019-07-29"));
		assertThat(value("trunc('2019-08-04', 'quarter')")).isEqualTo(date("2019-07-01"));
		assertThat(value("trunc('2009-02-12', 'MM')")).isEqualTo(date("2009-02-01"));
		assertThat(value("trunc('2015-10-27', 'YEAR')")).isEqualTo(date("2015-01-01"));
		assertThat(value("trunc('2015-10-27', 'DD')")).isNull();
		assertThat(value("trunc('2015-10-27', 'bogus')")).isNull();
		assertThat(value("date_trunc('YEAR', '2015-03-05T09:32:05.359')")).isEqualTo(ts("2015-01-01 00:00:00"));
		assertThat(value("date_trunc('MM', '2015-03-05T09:32:05.359')")).isEqualTo(ts("2015-03-01 00:00:00"));
		assertThat(value("date_trunc('DD', '2015-03-05T09:32:05.359')")).isEqualTo(ts("2015-03-05 00:00:00"));
		assertThat(value("date_trunc('HOUR', '2015-03-05T09:32:05.359')")).isEqualTo(ts("2015-03-05 09:00:00"));
		assertThat(value("date_trunc('MILLISECOND', '2015-03-05T09:32:05.123456')"))
			.isEqualTo(ts("2015-03-05 09:32:05.123"));
		assertThat(value("date_trunc('WEEK', '2019-08-04 12:00:00')")).isEqualTo(ts("2019-07-29 00:00:00"));
		assertThat(value("date_trunc('QUARTER', '2019-08-04 12:00:00')")).isEqualTo(ts("2019-07-01 00:00:00"));
		assertThat(value("date_trunc('bogus', '2019-08-04 12:00:00')")).isNull();
	}

	@Test
	void toDateAndToTimestampReadTextAsSparkCastsIt() {
		assertThat(value("to_date('2009-07-30 04:17:52')")).isEqualTo(date("2009-07-30"));
		assertThat(value("to_date('2016-12-31', 'yyyy-MM-dd')")).isEqualTo(date("2016-12-31"));
		assertThat(value("to_date(' 2020-1-5 ')")).isEqualTo(date("2020-01-05"));
		assertThat(value("to_date('2020')")).isEqualTo(date("2020-01-01"));
		assertThat(value("to_date('2020-02')")).isEqualTo(date("2020-02-01"));
		assertThat(value("to_date('2020-01-05T10:00:00')")).isEqualTo(date("2020-01-05"));
		assertThat(value("to_timestamp('2016-12-31 00:12:00')")).isEqualTo(ts("2016-12-31 00:12:00"));
		assertThat(value("to_timestamp('2016-12-31', 'yyyy-MM-dd')")).isEqualTo(ts("2016-12-31 00:00:00"));
		assertThat(value("to_timestamp('2016-12-31T10:00:00.1234567')")).isEqualTo(ts("2016-12-31 10:00:00.123456"));
		assertThat(value("to_timestamp('2016-12-31 10:00:00Z')")).isEqualTo(ts("2016-12-31 10:00:00"));
		assertThat(value("to_timestamp('2016-12-31 10:00:00+02:00')")).isEqualTo(ts("2016-12-31 08:00:00"));
		assertThat(value("to_timestamp('2016-12-31 10:00:00 Europe/Oslo')")).isEqualTo(ts("2016-12-31 09:00:00"));
		assertThat(value("to_timestamp('31/12/2016 10.30 PM', 'dd/MM/yyyy hh.mm a')"))
			.isEqualTo(ts("2016-12-31 22:30:00"));
		assertThat(value("to_timestamp('2016-12-31 10:00:00.12', 'yyyy-MM-dd HH:mm:ss.SSS')"))
			.isEqualTo(ts("2016-12-31 10:00:00.12"));
		assertThat(value("to_timestamp('10:30', 'HH:mm')")).isEqualTo(ts("1970-01-01 10:30:00"));
		assertThat(value("to_timestamp(1230219000)")).isEqualTo(ts("2008-12-25 15:30:00"));
		assertThat(value("to_date(TIMESTAMP '2020-01-05 23:59:59')")).isEqualTo(date("2020-01-05"));
	}

	@Test
	void invalidTextIsAnErrorUnderAnsiAndNullWithout() {
		assertThatThrownBy(() -> value("to_date('2016-13-01')")).isInstanceOf(AnsiError.class)
			.hasMessage("[CAST_INVALID_INPUT] The value '2016-13-01' of the type \"STRING\" cannot be cast to \"DATE\" "
					+ "because it is malformed. Correct the value as per the syntax, or change its target type. "
					+ "Use `try_cast` to tolerate malformed input and return NULL instead. If necessary set "
					+ "kindling.sql.ansi.enabled to \"false\" to bypass this error. SQLSTATE: 22018");
		assertThatThrownBy(() -> value("to_timestamp('abc', 'yyyy-MM-dd HH:mm:ss')")).isInstanceOf(AnsiError.class)
			.hasMessage("[CANNOT_PARSE_TIMESTAMP] Text 'abc' could not be parsed at index 0. Use `try_to_timestamp` "
					+ "to tolerate invalid input string and return NULL instead. SQLSTATE: 22007");
		assertThatThrownBy(() -> value("to_date('2016-02-30', 'yyyy-MM-dd')")).isInstanceOf(AnsiError.class)
			.hasMessageStartingWith("[CANNOT_PARSE_TIMESTAMP] Text '2016-02-30' could not be parsed")
			.hasMessageContaining("`try_to_date`");
		assertThatThrownBy(() -> value("unix_timestamp('nope')")).isInstanceOf(AnsiError.class)
			.hasMessageStartingWith("[CANNOT_PARSE_TIMESTAMP]");
		assertThatThrownBy(() -> value("year('someday')")).isInstanceOf(AnsiError.class)
			.hasMessageStartingWith("[CAST_INVALID_INPUT] The value 'someday'");
		assertThat(value(LENIENT, "to_date('2016-13-01')")).isNull();
		assertThat(value(LENIENT, "to_timestamp('abc', 'yyyy-MM-dd HH:mm:ss')")).isNull();
		assertThat(value(LENIENT, "unix_timestamp('nope')")).isNull();
		assertThat(value(LENIENT, "year('someday')")).isNull();
		assertThat(value("try_to_timestamp('abc')")).isNull();
		assertThat(value("try_to_timestamp('abc', 'yyyy')")).isNull();
		assertThat(value("try_to_date('2016-13-01')")).isNull();
		assertThat(value(LENIENT, "to_date('')")).isNull();
		assertThatThrownBy(() -> value("to_date('')")).isInstanceOf(AnsiError.class);
	}

	@Test
	void makeDateAndMakeTimestamp() {
		assertThat(value("make_date(2013, 7, 15)")).isEqualTo(date("2013-07-15"));
		assertThat(value("make_date(2019, 7, null)")).isNull();
		assertThatThrownBy(() -> value("make_date(2019, 13, 1)")).isInstanceOf(AnsiError.class)
			.hasMessageStartingWith(
					"[DATETIME_FIELD_OUT_OF_BOUNDS] Invalid value for MonthOfYear (valid values 1 - 12): 13");
		assertThat(value(LENIENT, "make_date(2019, 13, 1)")).isNull();
		assertThat(value(LENIENT, "make_date(2019, 2, 29)")).isNull();
		assertThat(value("make_timestamp(2014, 12, 28, 6, 30, 45.887)")).isEqualTo(ts("2014-12-28 06:30:45.887"));
		assertThat(value("make_timestamp(2019, 6, 30, 23, 59, 60)")).isEqualTo(ts("2019-07-01 00:00:00"));
		assertThat(value("make_timestamp(2019, 6, 30, 23, 59, 1)")).isEqualTo(ts("2019-06-30 23:59:01"));
		assertThat(value("make_timestamp(null, 7, 22, 15, 30, 0)")).isNull();
		assertThat(value(LOS_ANGELES, "make_timestamp(2014, 12, 28, 6, 30, 45.887, 'CET')"))
			.isEqualTo(ts("2014-12-27 21:30:45.887"));
		assertThat(value("try_make_timestamp(2024, 13, 22, 15, 30, 0)")).isNull();
		assertThatThrownBy(() -> value("make_timestamp(2024, 13, 22, 15, 30, 0)")).isInstanceOf(AnsiError.class);
	}

	@Test
	void datePatternsFormatAsSparkDoes() {
		assertThat(value("date_format('2016-04-08', 'y')")).isEqualTo("2016");
		assertThat(value("date_format(TIMESTAMP '2016-04-08 13:05:09.120', 'yyyy-MM-dd HH:mm:ss.SSS')"))
			.isEqualTo("2016-04-08 13:05:09.120");
		assertThat(value("date_format(DATE '2016-04-08', 'EEEE, MMMM d, yy')")).isEqualTo("Friday, April 8, 16");
		assertThat(value("date_format(DATE '2016-04-08', 'E MMM dd')")).isEqualTo("Fri Apr 08");
		assertThat(value("date_format(TIMESTAMP '2016-04-08 13:05:09', 'hh:mm a')")).isEqualTo("01:05 PM");
		assertThat(value("date_format(TIMESTAMP '2016-04-08 13:05:09', 'Q QQQ')")).isEqualTo("2 Q2");
		assertThat(value("date_format(TIMESTAMP '2016-04-08 13:05:09', 'D')")).isEqualTo("99");
		assertThat(value("date_format(TIMESTAMP '2016-04-08 13:05:09', \"yyyy'T'HH 'o''clock'\")"))
			.isEqualTo("2016T13 o'clock");
		assertThat(value("date_format(TIMESTAMP '2016-04-08 13:05:09', 'XXX VV')")).isEqualTo("Z UTC");
		assertThat(value(LOS_ANGELES, "date_format(TIMESTAMP '2016-04-08 13:05:09', 'XXX z')")).isEqualTo("-07:00 PDT");
		assertThat(value("date_format(make_date(-44, 3, 15), 'yyyy-MM-dd')")).isEqualTo("-0044-03-15");
		assertThat(value("date_format(null, 'yyyy')")).isNull();
	}

	@Test
	void invalidPatternsAre400sNamingTheReason() {
		assertThatThrownBy(() -> bind("date_format(joined, 'yyyy-uu')")).isInstanceOf(ExprException.class)
			.hasMessageStartingWith("invalid datetime pattern 'yyyy-uu' in date_format: Pattern letter 'u'");
		assertThatThrownBy(() -> bind("date_format(joined, 'MMMMM')")).isInstanceOf(ExprException.class)
			.hasMessage("invalid datetime pattern 'MMMMM' in date_format: Too many pattern letters: M at position 20");
		assertThatThrownBy(() -> bind("to_timestamp(name, 'YYYY-ww')")).isInstanceOf(ExprException.class)
			.hasMessageContaining("Illegal pattern character: Y");
		assertThatThrownBy(() -> bind("date_format(joined, 'yyyy-MM-dd {')")).isInstanceOf(ExprException.class)
			.hasMessageStartingWith("invalid datetime pattern 'yyyy-MM-dd {' in date_format");
	}

	@Test
	void unixTimesConvertThroughTheSessionZone() {
		assertThat(value("unix_timestamp('2016-04-08', 'yyyy-MM-dd')")).isEqualTo(1460073600L);
		assertThat(value(LOS_ANGELES, "unix_timestamp('2016-04-08', 'yyyy-MM-dd')")).isEqualTo(1460098800L);
		assertThat(value("unix_timestamp('2016-04-08 00:00:00')")).isEqualTo(1460073600L);
		assertThat(value("to_unix_timestamp(DATE '2016-04-08')")).isEqualTo(1460073600L);
		assertThat(value("unix_timestamp(TIMESTAMP '1969-12-31 23:59:59.5')")).isEqualTo(0L);
		assertThat(value("from_unixtime(0, 'yyyy-MM-dd HH:mm:ss')")).isEqualTo("1970-01-01 00:00:00");
		assertThat(value(LOS_ANGELES, "from_unixtime(0, 'yyyy-MM-dd HH:mm:ss')")).isEqualTo("1969-12-31 16:00:00");
		assertThat(value(LOS_ANGELES, "from_unixtime(0)")).isEqualTo("1969-12-31 16:00:00");
		// Spark's examples show these in Los Angeles
		assertThat(value(LOS_ANGELES, "timestamp_seconds(1230219000)")).isEqualTo(ts("2008-12-25 07:30:00"));
		assertThat(value(LOS_ANGELES, "timestamp_seconds(1230219000.123)")).isEqualTo(ts("2008-12-25 07:30:00.123"));
		assertThat(value(LOS_ANGELES, "timestamp_millis(1230219000123)")).isEqualTo(ts("2008-12-25 07:30:00.123"));
		assertThat(value(LOS_ANGELES, "timestamp_micros(1230219000123123)"))
			.isEqualTo(ts("2008-12-25 07:30:00.123123"));
		assertThat(value("timestamp_seconds(1230219000)")).isEqualTo(ts("2008-12-25 15:30:00"));
		assertThat(value("unix_seconds(TIMESTAMP '1970-01-01 00:00:01')")).isEqualTo(1L);
		assertThat(value("unix_millis(TIMESTAMP '1970-01-01 00:00:01')")).isEqualTo(1000L);
		assertThat(value("unix_micros(TIMESTAMP '1970-01-01 00:00:01')")).isEqualTo(1000000L);
		assertThat(value(LOS_ANGELES, "unix_seconds(TIMESTAMP '1969-12-31 16:00:01')")).isEqualTo(1L);
		assertThat(value("unix_date(DATE '1970-01-02')")).isEqualTo(1);
		assertThat(value("date_from_unix_date(1)")).isEqualTo(date("1970-01-02"));
	}

	@Test
	void utcShifts() {
		assertThat(value("from_utc_timestamp('2016-08-31', 'Asia/Seoul')")).isEqualTo(ts("2016-08-31 09:00:00"));
		assertThat(value("to_utc_timestamp('2016-08-31', 'Asia/Seoul')")).isEqualTo(ts("2016-08-30 15:00:00"));
		assertThat(value("from_utc_timestamp(TIMESTAMP '2017-07-14 02:40:00', 'GMT+1')"))
			.isEqualTo(ts("2017-07-14 03:40:00"));
		assertThat(value("to_utc_timestamp(TIMESTAMP '2017-07-14 02:40:00', 'GMT+1')"))
			.isEqualTo(ts("2017-07-14 01:40:00"));
		assertThatThrownBy(() -> value("from_utc_timestamp('2016-08-31', 'Mars/Olympus')"))
			.isInstanceOf(ExprException.class)
			.hasMessage("invalid time zone 'Mars/Olympus' in from_utc_timestamp");
	}

	@Test
	void currentDateAndTimestampAreTheJobsStartInTheSessionZone() {
		Session utc = session("UTC", true, "2020-04-25T23:49:11.914Z");
		assertThat(value(utc, "current_timestamp()")).isEqualTo(ts("2020-04-25 23:49:11.914"));
		assertThat(value(utc, "current_date()")).isEqualTo(date("2020-04-25"));
		assertThat(value(utc, "now()")).isEqualTo(ts("2020-04-25 23:49:11.914"));
		Session tokyo = session("Asia/Tokyo", true, "2020-04-25T23:49:11.914Z");
		assertThat(value(tokyo, "current_date()")).isEqualTo(date("2020-04-26"));
		assertThat(value(tokyo, "current_timestamp()")).isEqualTo(ts("2020-04-26 08:49:11.914"));
		assertThat(value(tokyo, "current_timezone()")).isEqualTo("Asia/Tokyo");
		// without parentheses, as Spark allows, unless a column has the name
		assertThat(value(utc, "current_date")).isEqualTo(date("2020-04-25"));
		assertThat(value(utc, "unix_timestamp()")).isEqualTo(1587858551L);
		assertThat(value(utc, "datediff(current_date(), DATE '2020-04-20')")).isEqualTo(5);
	}

	@Test
	void sessionZonesAcceptSparksSpellings() {
		assertThat(Session.zone("+1:00").getId()).isEqualTo("+01:00");
		assertThat(Session.zone("-08:0").getId()).isEqualTo("-08:00");
		assertThat(Session.zone("PST").getId()).isEqualTo("America/Los_Angeles");
		assertThat(Session.zone("UTC").getId()).isEqualTo("UTC");
		assertThatThrownBy(() -> Session.zone("Nowhere/Town")).isInstanceOf(java.time.DateTimeException.class);
	}

}
