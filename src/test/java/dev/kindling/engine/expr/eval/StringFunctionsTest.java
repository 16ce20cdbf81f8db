package dev.kindling.engine.expr.eval;

import org.junit.jupiter.api.Test;

import dev.kindling.engine.expr.ExprException;
import dev.kindling.engine.types.DataType;

import static dev.kindling.engine.expr.eval.EvalSupport.bind;
import static dev.kindling.engine.expr.eval.EvalSupport.eval;
import static dev.kindling.engine.expr.eval.EvalSupport.value;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The string functions against the values Spark 4 gives: the examples of Spark's function
 * reference ({@code ExpressionDescription}) and edge cases from its
 * {@code StringExpressionsSuite} (nulls, empty strings, negative lengths, code points
 * beyond ASCII).
 */
class StringFunctionsTest {

	@Test
	void concatWsSkipsNullsButNotANullSeparator() {
		assertThat(value("concat_ws(' ', 'Spark', 'SQL')")).isEqualTo("Spark SQL");
		assertThat(value("concat_ws('s')")).isEqualTo("");
		assertThat(value("concat_ws('/', 'foo', null, 'bar')")).isEqualTo("foo/bar");
		assertThat(value("concat_ws(null, 'Spark', 'SQL')")).isNull();
		assertThat(value("concat_ws('', 'a', 'b')")).isEqualTo("ab");
		assertThat(eval("concat_ws('-', name, age)")).containsExactly("alice-30", "bob", "45", "Émile-25");
	}

	@Test
	void concatIsNullWhenAnyPartIs() {
		assertThat(value("concat('Spark', 'SQL')")).isEqualTo("SparkSQL");
		assertThat(value("concat('Spark', null)")).isNull();
		assertThat(value("concat('', '')")).isEqualTo("");
		assertThat(value("'a' || 1 || true")).isEqualTo("a1true");
	}

	@Test
	void leftAndRightCountCharacters() {
		assertThat(value("left('Spark SQL', 3)")).isEqualTo("Spa");
		assertThat(value("right('Spark SQL', 3)")).isEqualTo("SQL");
		assertThat(value("left('Spark', 0)")).isEqualTo("");
		assertThat(value("right('Spark', -1)")).isEqualTo("");
		assertThat(value("left('Spark', 100)")).isEqualTo("Spark");
		assertThat(value("right('Spark', 100)")).isEqualTo("Spark");
		assertThat(value("right('日本語です', 2)")).isEqualTo("です");
		assertThat(value("left(null, 2)")).isNull();
		assertThat(value("left('abc', null)")).isNull();
	}

	@Test
	void substringWorksOnCodePoints() {
		assertThat(value("substring('日本語です', 2, 2)")).isEqualTo("本語");
		assertThat(value("substring('a\uD83D\uDE00b', 2, 1)")).isEqualTo("\uD83D\uDE00");
		assertThat(value("substr('Spark SQL', -3)")).isEqualTo("SQL");
		assertThat(value("substring('Spark SQL', 5, 2147483647)")).isEqualTo("k SQL");
		assertThat(value("substring('', 1, 1)")).isEqualTo("");
	}

	@Test
	void padsCutOrFillToTheLength() {
		assertThat(value("lpad('hi', 5, '??')")).isEqualTo("???hi");
		assertThat(value("lpad('hi', 1, '??')")).isEqualTo("h");
		assertThat(value("lpad('hi', 5)")).isEqualTo("   hi");
		assertThat(value("rpad('hi', 5, '??')")).isEqualTo("hi???");
		assertThat(value("rpad('hi', 1, '??')")).isEqualTo("h");
		assertThat(value("rpad('hi', 5)")).isEqualTo("hi   ");
		assertThat(value("lpad('hi', -1, 'x')")).isEqualTo("");
		assertThat(value("lpad('hi', 5, '')")).isEqualTo("hi");
		assertThat(value("lpad('é', 4, 'äö')")).isEqualTo("äöäé");
		assertThat(value("rpad('日本', 5, '語')")).isEqualTo("日本語語語");
		assertThat(value("lpad(null, 5, 'x')")).isNull();
	}

	@Test
	void trimsSpacesOrTheGivenCharacters() {
		assertThat(value("trim('    SparkSQL   ')")).isEqualTo("SparkSQL");
		assertThat(value("trim('\tSparkSQL\n')")).isEqualTo("\tSparkSQL\n");
		// Spark's two-argument trim, ltrim and rtrim take the characters first, btrim
		// last
		assertThat(value("trim('SL', 'SSparkSQLS')")).isEqualTo("parkSQ");
		assertThat(value("ltrim('S', 'SSparkSQLS')")).isEqualTo("parkSQLS");
		assertThat(value("rtrim('SL', 'SSparkSQLS')")).isEqualTo("SSparkSQ");
		assertThat(value("btrim('SSparkSQLS', 'SL')")).isEqualTo("parkSQ");
		assertThat(value("btrim('    SparkSQL   ')")).isEqualTo("SparkSQL");
		assertThat(value("trim('äö', 'öäxäö')")).isEqualTo("x");
		assertThat(value("trim(null, 'x')")).isNull();
		assertThat(value("trim('', '  ')")).isEqualTo("  ");
	}

	@Test
	void repeatSpaceAndReverse() {
		assertThat(value("repeat('123', 2)")).isEqualTo("123123");
		assertThat(value("repeat('123', 0)")).isEqualTo("");
		assertThat(value("repeat('123', -3)")).isEqualTo("");
		assertThat(value("space(2)")).isEqualTo("  ");
		assertThat(value("space(-1)")).isEqualTo("");
		assertThat(value("reverse('Spark SQL')")).isEqualTo("LQS krapS");
		assertThat(value("reverse('日本語')")).isEqualTo("語本日");
		assertThat(value("reverse('a\uD83D\uDE00b')")).isEqualTo("b\uD83D\uDE00a");
		assertThat(value("reverse('')")).isEqualTo("");
	}

	@Test
	void aValueLongerThanTheLimitIsAClearError() {
		assertThatThrownBy(() -> value("repeat('abcdefgh', 100000000)")).isInstanceOf(AnsiError.class)
			.hasMessageContaining("more than the limit of 16777216 bytes");
		assertThatThrownBy(() -> value("lpad('x', 2147483647, 'ab')")).isInstanceOf(AnsiError.class)
			.hasMessageContaining("VALUE_TOO_LONG");
	}

	@Test
	void initcapTitleCasesAfterSpacesOnly() {
		assertThat(value("initcap('sPark sql')")).isEqualTo("Spark Sql");
		assertThat(value("initcap('hello-world  twice')")).isEqualTo("Hello-world  Twice");
		assertThat(value("initcap('ÉMILE dAHL')")).isEqualTo("Émile Dahl");
		assertThat(value("initcap('')")).isEqualTo("");
	}

	@Test
	void lengthsInCharactersBytesAndBits() {
		assertThat(value("length('Spark SQL ')")).isEqualTo(10);
		assertThat(value("char_length('日本語')")).isEqualTo(3);
		assertThat(value("octet_length('Spark SQL')")).isEqualTo(9);
		assertThat(value("octet_length('日本語')")).isEqualTo(9);
		assertThat(value("bit_length('Spark SQL')")).isEqualTo(72);
		assertThat(bind("octet_length(name)").type()).isEqualTo(DataType.INT);
	}

	@Test
	void asciiAndChr() {
		assertThat(value("ascii('222')")).isEqualTo(50);
		assertThat(value("ascii(2)")).isEqualTo(50);
		assertThat(value("ascii('')")).isEqualTo(0);
		assertThat(value("ascii('é')")).isEqualTo(233);
		assertThat(value("chr(65)")).isEqualTo("A");
		assertThat(value("chr(321)")).isEqualTo("A");
		assertThat(value("chr(-1)")).isEqualTo("");
		assertThat(value("char(233)")).isEqualTo("é");
	}

	@Test
	void instrAndLocateArePositionsFromOne() {
		assertThat(value("instr('SparkSQL', 'SQL')")).isEqualTo(6);
		assertThat(value("instr('SparkSQL', 'x')")).isEqualTo(0);
		assertThat(value("instr('SparkSQL', '')")).isEqualTo(1);
		assertThat(value("instr('日本語です', 'です')")).isEqualTo(4);
		assertThat(value("locate('bar', 'foobarbar')")).isEqualTo(4);
		assertThat(value("locate('bar', 'foobarbar', 5)")).isEqualTo(7);
		assertThat(value("position('bar', 'foobarbar')")).isEqualTo(4);
		assertThat(value("locate('bar', 'foobarbar', 0)")).isEqualTo(0);
		assertThat(value("locate('bar', 'foobarbar', 100)")).isEqualTo(0);
		assertThat(value("locate('bar', 'foobarbar', null)")).isEqualTo(0);
		assertThat(value("locate(null, 'foobarbar')")).isNull();
		assertThat(value("locate('語', '日本語', 2)")).isEqualTo(3);
	}

	@Test
	void replaceAndTranslate() {
		assertThat(value("replace('ABCabc', 'abc', 'DEF')")).isEqualTo("ABCDEF");
		assertThat(value("replace('ABCabc', 'abc')")).isEqualTo("ABC");
		assertThat(value("replace('abc', '', 'x')")).isEqualTo("abc");
		assertThat(value("replace('aaa', 'aa', 'b')")).isEqualTo("ba");
		assertThat(value("replace('日本語', '本', 'x')")).isEqualTo("日x語");
		assertThat(value("translate('AaBbCc', 'abc', '123')")).isEqualTo("A1B2C3");
		assertThat(value("translate('AaBbCc', 'abc', '1')")).isEqualTo("A1BC");
		assertThat(value("translate('abcabc', 'aa', 'xy')")).isEqualTo("xbcxbc");
		assertThat(value("translate(null, 'a', 'b')")).isNull();
	}

	@Test
	void startsWithEndsWithContains() {
		assertThat(value("startswith('Spark SQL', 'Spark')")).isEqualTo(true);
		assertThat(value("startswith('Spark SQL', 'SQL')")).isEqualTo(false);
		assertThat(value("endswith('Spark SQL', 'SQL')")).isEqualTo(true);
		assertThat(value("contains('Spark SQL', 'k S')")).isEqualTo(true);
		assertThat(value("contains('Spark SQL', '')")).isEqualTo(true);
		assertThat(value("startswith('Sp', 'Spark')")).isEqualTo(false);
		assertThat(value("contains('Spark', null)")).isNull();
	}

	@Test
	void substringIndexAndSplitPart() {
		assertThat(value("substring_index('www.apache.org', '.', 2)")).isEqualTo("www.apache");
		assertThat(value("substring_index('www.apache.org', '.', -2)")).isEqualTo("apache.org");
		assertThat(value("substring_index('www.apache.org', '.', 0)")).isEqualTo("");
		assertThat(value("substring_index('www.apache.org', '.', 5)")).isEqualTo("www.apache.org");
		assertThat(value("substring_index('www.apache.org', '', 1)")).isEqualTo("");
		assertThat(value("substring_index('aaa', 'aa', 2)")).isEqualTo("a");
		assertThat(value("split_part('11.12.13', '.', 3)")).isEqualTo("13");
		assertThat(value("split_part('11.12.13', '.', -1)")).isEqualTo("13");
		assertThat(value("split_part('11.12.13', '.', 4)")).isEqualTo("");
		assertThat(value("split_part('11.12.13', '', 1)")).isEqualTo("11.12.13");
		assertThatThrownBy(() -> value("split_part('11.12.13', '.', 0)")).isInstanceOf(AnsiError.class)
			.hasMessageStartingWith("[INVALID_INDEX_OF_ZERO]");
	}

	@Test
	void levenshteinAndFindInSet() {
		assertThat(value("levenshtein('kitten', 'sitting')")).isEqualTo(3);
		assertThat(value("levenshtein('kitten', 'sitting', 2)")).isEqualTo(-1);
		assertThat(value("levenshtein('', 'abc')")).isEqualTo(3);
		assertThat(value("find_in_set('ab', 'abc,b,ab,c,def')")).isEqualTo(3);
		assertThat(value("find_in_set('a,b', 'a,b')")).isEqualTo(0);
	}

	@Test
	void formatNumberRoundsHalfEven() {
		assertThat(value("format_number(12332.123456, 4)")).isEqualTo("12,332.1235");
		assertThat(value("format_number(12332.123456, '##################.###')")).isEqualTo("12332.123");
		assertThat(value("format_number(1234567, 0)")).isEqualTo("1,234,567");
		assertThat(value("format_number(2.5, 0)")).isEqualTo("2");
		assertThat(value("format_number(1.5, -1)")).isNull();
	}

	@Test
	void formatStringIsJavasFormatInTheUsLocale() {
		assertThat(value("format_string('Hello World %d %s', 100, 'days')")).isEqualTo("Hello World 100 days");
		assertThat(value("printf('%.2f|%5s|%-3d|', 3.14159, 'ab', 7)")).isEqualTo("3.14|   ab|7  |");
		assertThat(value("format_string('%s and %s', null, 1)")).isEqualTo("null and 1");
		assertThat(value("format_string(null, 1)")).isNull();
		assertThatThrownBy(() -> value("format_string('%d', 'x')")).isInstanceOf(ExprException.class)
			.hasMessageStartingWith("invalid format '%d' in format_string");
	}

	@Test
	void digestsAreLowerCaseHex() {
		assertThat(value("md5('Spark')")).isEqualTo("8cde774d6f7333752ed72cacddb05126");
		assertThat(value("sha1('Spark')")).isEqualTo("85f5955f4b27a9a4c2aab6ffe5d7189fc298b92c");
		assertThat(value("sha('Spark')")).isEqualTo("85f5955f4b27a9a4c2aab6ffe5d7189fc298b92c");
		assertThat(value("sha2('Spark', 256)"))
			.isEqualTo("529bc3b07127ecb7e53a4dcf1991d9152c24537d919178022b2c42657f79a26b");
		assertThat(value("sha2('Spark', 0)")).isEqualTo(value("sha2('Spark', 256)"));
		assertThat(value("sha2('Spark', 100)")).isNull();
		assertThat(value("crc32('Spark')")).isEqualTo(1557323817L);
		assertThat(value("base64('Spark SQL')")).isEqualTo("U3BhcmsgU1FM");
		assertThat(value("hex(17)")).isEqualTo("11");
		assertThat(value("hex(-1)")).isEqualTo("FFFFFFFFFFFFFFFF");
		assertThat(value("hex('Spark SQL')")).isEqualTo("537061726B2053514C");
		assertThat(value("md5(null)")).isNull();
	}

	@Test
	void arraysAreRefusedByName() {
		assertThatThrownBy(() -> bind("split(name, ',')")).isInstanceOf(ExprException.class)
			.hasMessage("function 'split' returns an array, and arrays are not supported yet; "
					+ "try split_part(str, delim, n) or substring_index(str, delim, n) at position 0");
		assertThatThrownBy(() -> bind("collect_list(name)")).isInstanceOf(ExprException.class)
			.hasMessageStartingWith("function 'collect_list' returns an array, and arrays are not supported yet");
	}

	@Test
	void anUnknownFunctionSuggestsTheClosestName() {
		assertThatThrownBy(() -> bind("lenght(name)")).isInstanceOf(ExprException.class)
			.hasMessage("unknown function 'lenght' at position 0; did you mean 'length'?");
		assertThatThrownBy(() -> bind("upper(substirng(name, 1))")).isInstanceOf(ExprException.class)
			.hasMessage("unknown function 'substirng' at position 6; did you mean 'substring'?");
		assertThatThrownBy(() -> bind("dat_format(joined, 'y')")).isInstanceOf(ExprException.class)
			.hasMessage("unknown function 'dat_format' at position 0; did you mean 'date_format'?");
		assertThatThrownBy(() -> bind("row_numbr()")).isInstanceOf(ExprException.class)
			.hasMessage("unknown function 'row_numbr' at position 0; did you mean 'row_number'?");
		assertThatThrownBy(() -> bind("stdev(age)")).isInstanceOf(ExprException.class)
			.hasMessageEndingWith("did you mean 'stddev'?");
		assertThatThrownBy(() -> bind("xyzzy(name)")).isInstanceOf(ExprException.class)
			.hasMessage(
					"unknown function 'xyzzy' at position 0 (docs/functions.md lists the functions Kindling knows)");
	}

	@Test
	void aWindowFunctionOutsideAWindowSaysWhatItNeeds() {
		assertThatThrownBy(() -> bind("row_number()")).isInstanceOf(ExprException.class)
			.hasMessage("window function 'row_number' needs a window: write row_number(...) OVER (...), "
					+ "or use a window step at position 0");
	}

}
