package dev.kindling.engine.datasource.csv;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.Charset;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.text.ParsePosition;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.Locale;

import dev.kindling.engine.types.DecimalParser;
import dev.kindling.engine.types.DecimalType;
import dev.kindling.engine.types.Decimals;

/**
 * Converts field bytes to values as Spark's CSV reader converts the field text, without
 * making a {@code String} on the common path. Each method answers whether the bytes parse
 * and leaves the value in a field ({@link #longValue}, ...), so one instance serves a
 * whole scan with no allocation.
 *
 * <ul>
 * <li>integers as Java's {@code Integer.parseInt} / {@code Long.parseLong};
 * <li>doubles: the {@code nanValue}, {@code positiveInf} and {@code negativeInf} texts,
 * else Java's {@code Double.parseDouble} (which also takes {@code NaN}, {@code Infinity},
 * surrounding whitespace and a {@code d} or {@code f} suffix);
 * <li>booleans: {@code true} or {@code false} in any case;
 * <li>decimals: with the {@code en-US} locale Java's {@code BigDecimal} syntax after
 * removing commas (parsed in one linear pass), otherwise the locale's
 * {@code DecimalFormat}; rounded HALF_UP to the column's scale;
 * <li>dates and timestamps: see {@link SparkDateTime}; without a pattern, Spark's default
 * reading (a strict {@code yyyy-MM-dd}, then Spark's lenient cast), with a pattern only
 * the pattern.
 * </ul>
 * Plain numbers of up to 15 digits and ISO dates take a fast path over the bytes; the
 * rest goes through the JDK.
 */
final class FieldParser {

	private static final double[] POW10 = new double[23];

	static {
		double p = 1;
		for (int i = 0; i < POW10.length; i++) {
			POW10[i] = p;
			p *= 10;
		}
	}

	private final Charset charset;

	private final DateTimeFormatter dateFormatter;

	private final DateTimeFormatter timestampFormatter;

	private final byte[] nan;

	private final byte[] positiveInf;

	private final byte[] negativeInf;

	/**
	 * Whether a special double text could read as a plain number, so it is tried first.
	 */
	private final boolean specialsFirst;

	private final DecimalFormat localDecimal;

	long longValue;

	double doubleValue;

	boolean booleanValue;

	/** The last decimal {@link #inferDecimal} read. */
	BigDecimal decimalValue;

	/** The unscaled value of a decimal too wide for {@link #longValue}, else null. */
	BigInteger decimalWide;

	/** Why the last {@link #parseDecimal} failed, or OK. */
	DecimalParser.Result decimalResult;

	private final DecimalParser decimals = new DecimalParser();

	FieldParser(CsvOptions options) {
		this.charset = options.lexedCharset();
		this.dateFormatter = (options.dateFormat() == null) ? null
				: SparkDatePatterns.formatter(options.dateFormat(), options.locale(), true);
		this.timestampFormatter = (options.timestampFormat() == null) ? null
				: SparkDatePatterns.formatter(options.timestampFormat(), options.locale(), true);
		this.nan = options.nanValue().getBytes(this.charset);
		this.positiveInf = options.positiveInf().getBytes(this.charset);
		this.negativeInf = options.negativeInf().getBytes(this.charset);
		this.specialsFirst = plainNumber(this.nan) || plainNumber(this.positiveInf) || plainNumber(this.negativeInf);
		if (options.locale().equals(Locale.US)) {
			this.localDecimal = null;
		}
		else {
			this.localDecimal = new DecimalFormat("", new DecimalFormatSymbols(options.locale()));
			this.localDecimal.setParseBigDecimal(true);
		}
	}

	private boolean plainNumber(byte[] text) {
		return fastDouble(text, 0, text.length);
	}

	/** A signed decimal integer within {@code long} range, as {@code Long.parseLong}. */
	boolean parseLong(byte[] b, int s, int e) {
		if (s >= e) {
			return false;
		}
		boolean negative = false;
		int i = s;
		byte first = b[i];
		if (first == '-' || first == '+') {
			negative = first == '-';
			if (++i == e) {
				return false;
			}
		}
		long r = 0;
		for (; i < e; i++) {
			int d = b[i] - '0';
			if (d < 0 || d > 9) {
				return b[i] < 0 && slowLong(b, s, e);
			}
			if (r < Long.MIN_VALUE / 10) {
				return false;
			}
			r *= 10;
			if (r < Long.MIN_VALUE + d) {
				return false;
			}
			r -= d;
		}
		if (!negative) {
			if (r == Long.MIN_VALUE) {
				return false;
			}
			r = -r;
		}
		this.longValue = r;
		return true;
	}

	/** Java's parser, which also takes the digits of other scripts. */
	private boolean slowLong(byte[] b, int s, int e) {
		try {
			this.longValue = Long.parseLong(string(b, s, e));
			return true;
		}
		catch (NumberFormatException ex) {
			return false;
		}
	}

	/** A signed decimal integer within {@code int} range. */
	boolean parseInt(byte[] b, int s, int e) {
		return parseLong(b, s, e) && this.longValue == (int) this.longValue;
	}

	/** A double as Spark reads one (see the class comment). */
	boolean parseDouble(byte[] b, int s, int e) {
		if (this.specialsFirst && special(b, s, e)) {
			return true;
		}
		if (fastDouble(b, s, e)) {
			return true;
		}
		if (!this.specialsFirst && special(b, s, e)) {
			return true;
		}
		try {
			this.doubleValue = Double.parseDouble(string(b, s, e));
			return true;
		}
		catch (NumberFormatException ex) {
			return false;
		}
	}

	/** Whether the text is one of the special doubles, whose value it then holds. */
	boolean special(byte[] b, int s, int e) {
		if (Arrays.equals(this.nan, 0, this.nan.length, b, s, e)) {
			this.doubleValue = Double.NaN;
			return true;
		}
		if (Arrays.equals(this.negativeInf, 0, this.negativeInf.length, b, s, e)) {
			this.doubleValue = Double.NEGATIVE_INFINITY;
			return true;
		}
		if (Arrays.equals(this.positiveInf, 0, this.positiveInf.length, b, s, e)) {
			this.doubleValue = Double.POSITIVE_INFINITY;
			return true;
		}
		return false;
	}

	/**
	 * {@code [+-]digits[.digits]} with up to 15 significant digits, computed from the
	 * bytes exactly (one correctly rounded division of two exact doubles).
	 * @return false when the text is anything else (which may still be a double)
	 */
	private boolean fastDouble(byte[] b, int s, int e) {
		int i = s;
		if (i < e && (b[i] == '-' || b[i] == '+')) {
			i++;
		}
		boolean negative = i > s && b[s] == '-';
		long mantissa = 0;
		int digits = 0;
		int fraction = 0;
		boolean dot = false;
		int start = i;
		for (; i < e; i++) {
			byte c = b[i];
			if (c >= '0' && c <= '9') {
				mantissa = mantissa * 10 + (c - '0');
				if (mantissa != 0 && ++digits > 15) {
					return false;
				}
				if (dot) {
					fraction++;
				}
			}
			else if (c == '.' && !dot) {
				dot = true;
			}
			else {
				return false;
			}
		}
		if (i - start - (dot ? 1 : 0) == 0 || fraction >= POW10.length) {
			return false;
		}
		double v = (fraction == 0) ? mantissa : mantissa / POW10[fraction];
		this.doubleValue = negative ? -v : v;
		return true;
	}

	/** {@code true} or {@code false}, in any case. */
	boolean parseBoolean(byte[] b, int s, int e) {
		int n = e - s;
		if (n == 4 && (b[s] | 0x20) == 't' && (b[s + 1] | 0x20) == 'r' && (b[s + 2] | 0x20) == 'u'
				&& (b[s + 3] | 0x20) == 'e') {
			this.booleanValue = true;
			return true;
		}
		if (n == 5 && (b[s] | 0x20) == 'f' && (b[s + 1] | 0x20) == 'a' && (b[s + 2] | 0x20) == 'l'
				&& (b[s + 3] | 0x20) == 's' && (b[s + 4] | 0x20) == 'e') {
			this.booleanValue = false;
			return true;
		}
		return false;
	}

	/**
	 * A value of a decimal column as Spark reads it, rounded HALF_UP to the type's scale:
	 * the unscaled value in {@link #longValue} (or {@link #decimalWide} when it does not
	 * fit a long). With {@code en-US} grouping commas are skipped and the text is parsed
	 * in one pass whatever its digits or exponent ({@link DecimalParser}); other locales
	 * use their {@code DecimalFormat}. A value with more digits than the type holds does
	 * not parse (Spark: null in PERMISSIVE, an error in FAILFAST), and
	 * {@link #decimalResult} says why.
	 */
	boolean parseDecimal(byte[] b, int s, int e, DecimalType type) {
		this.decimalWide = null;
		if (this.localDecimal == null) {
			this.decimalResult = this.decimals.parse(b, s, e, type, true);
			if (this.decimalResult == DecimalParser.Result.OK) {
				this.longValue = this.decimals.unscaled;
				this.decimalWide = this.decimals.wide;
				return true;
			}
			if (this.decimalResult == DecimalParser.Result.OVERFLOW || !nonAscii(b, s, e)) {
				return false;
			}
		}
		// another locale's format, or the digits of another script (Java's BigDecimal
		// reads them): at most 1000 characters, rounded without computing past the type
		if (s >= e || e - s > 1000) {
			this.decimalResult = DecimalParser.Result.MALFORMED;
			return false;
		}
		String text = string(b, s, e);
		if (this.localDecimal != null) {
			if (!localDecimal(text)) {
				this.decimalResult = DecimalParser.Result.MALFORMED;
				return false;
			}
		}
		else {
			try {
				this.decimalValue = new BigDecimal(text.replace(",", ""));
			}
			catch (NumberFormatException ex) {
				this.decimalResult = DecimalParser.Result.MALFORMED;
				return false;
			}
		}
		BigDecimal v = Decimals.toPrecision(this.decimalValue, type);
		if (v == null) {
			this.decimalResult = DecimalParser.Result.OVERFLOW;
			return false;
		}
		this.decimalResult = DecimalParser.Result.OK;
		BigInteger unscaled = v.unscaledValue();
		if (Decimals.fitsLong(unscaled)) {
			this.longValue = unscaled.longValue();
		}
		else {
			this.decimalWide = unscaled;
		}
		return true;
	}

	private static boolean nonAscii(byte[] b, int s, int e) {
		for (int i = s; i < e; i++) {
			if (b[i] < 0) {
				return true;
			}
		}
		return false;
	}

	/**
	 * A decimal as Spark's schema inference reads one: with {@code en-US}, Java's
	 * {@code BigDecimal} of the text as it is (commas are not removed).
	 */
	boolean inferDecimal(byte[] b, int s, int e) {
		if (s >= e || e - s > 1000) {
			return false;
		}
		String text = string(b, s, e);
		if (this.localDecimal != null) {
			return localDecimal(text);
		}
		try {
			this.decimalValue = new BigDecimal(text);
			return true;
		}
		catch (NumberFormatException ex) {
			return false;
		}
	}

	private boolean localDecimal(String text) {
		ParsePosition position = new ParsePosition(0);
		Number n = this.localDecimal.parse(text, position);
		if (n == null || position.getIndex() != text.length() || position.getErrorIndex() != -1) {
			return false;
		}
		this.decimalValue = (BigDecimal) n;
		return true;
	}

	/**
	 * A date as Spark reads a value of a date column, as epoch days in
	 * {@link #longValue}.
	 */
	boolean parseDate(byte[] b, int s, int e) {
		if (this.dateFormatter != null) {
			return result(SparkDatePatterns.parseDate(string(b, s, e), this.dateFormatter));
		}
		if (result(SparkDateTime.strictIsoDate(b, s, e))) {
			return true;
		}
		byte[] clean = SparkDateTime.withoutGmt(b, s, e);
		return (clean == null) ? result(SparkDateTime.stringToDate(b, s, e))
				: result(SparkDateTime.stringToDate(clean, 0, clean.length));
	}

	/**
	 * A date as Spark's schema inference tries one: the pattern, or the strict
	 * {@code yyyy-MM-dd}, with no fallback.
	 */
	boolean inferDate(byte[] b, int s, int e) {
		if (this.dateFormatter != null) {
			return result(SparkDatePatterns.parseDate(string(b, s, e), this.dateFormatter));
		}
		return result(SparkDateTime.strictIsoDate(b, s, e));
	}

	/**
	 * A timestamp as Spark reads a value of a timestamp column, as epoch microseconds
	 * (UTC) in {@link #longValue}.
	 */
	boolean parseTimestamp(byte[] b, int s, int e) {
		if (this.timestampFormatter != null) {
			return result(SparkDatePatterns.parseTimestamp(string(b, s, e), this.timestampFormatter));
		}
		if (result(SparkDateTime.isoTimestamp(b, s, e)) || result(SparkDateTime.stringToTimestamp(b, s, e))) {
			return true;
		}
		byte[] clean = SparkDateTime.withoutGmt(b, s, e);
		return clean != null && result(SparkDateTime.stringToTimestamp(clean, 0, clean.length));
	}

	/** A timestamp as Spark's schema inference tries one: the pattern, or the cast. */
	boolean inferTimestamp(byte[] b, int s, int e) {
		if (this.timestampFormatter != null) {
			return result(SparkDatePatterns.parseTimestamp(string(b, s, e), this.timestampFormatter));
		}
		return result(SparkDateTime.isoTimestamp(b, s, e)) || result(SparkDateTime.stringToTimestamp(b, s, e));
	}

	private boolean result(long value) {
		if (value == SparkDateTime.FAIL) {
			return false;
		}
		this.longValue = value;
		return true;
	}

	private String string(byte[] b, int s, int e) {
		return new String(b, s, e - s, this.charset);
	}

}
