package dev.kindling.engine.types;

import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The value types of Kindling, with their physical representation in a column vector.
 *
 * <ul>
 * <li>{@code INT}, {@code BIGINT}: {@code long} (INT values stay within int range)
 * <li>{@code DATE}: {@code long} days since 1970-01-01
 * <li>{@code TIMESTAMP}: {@code long} microseconds since 1970-01-01T00:00:00 (UTC, no
 * zone)
 * <li>{@code DOUBLE}: {@code double}
 * <li>{@code decimal(p,s)} ({@link DecimalType}): the unscaled value as a {@code long},
 * or a {@link java.math.BigInteger} for a value that does not fit one
 * <li>{@code BOOLEAN}: {@code boolean}
 * <li>{@code STRING}: UTF-8 bytes
 * <li>{@code BINARY}: any bytes, for the opaque partial state of an aggregate function (a
 * sketch); not a type a job declares or casts to, so {@link #parse} refuses it
 * <li>{@code NULL}: the type of the untyped {@code null} literal only
 * </ul>
 *
 * <p>
 * A type is an object, not an enum, so that a type can carry parameters; switch on
 * {@link #kind()}. Every instance is canonical (one object per distinct type), so types
 * compare with {@code ==}.
 */
public sealed class DataType permits DecimalType {

	/** What a type is, without its parameters: the label to switch on. */
	public enum Kind {

		INT, BIGINT, DOUBLE, DECIMAL, STRING, BOOLEAN, DATE, TIMESTAMP, BINARY, NULL

	}

	public static final DataType INT = new DataType(Kind.INT, "int");

	public static final DataType BIGINT = new DataType(Kind.BIGINT, "bigint");

	public static final DataType DOUBLE = new DataType(Kind.DOUBLE, "double");

	public static final DataType STRING = new DataType(Kind.STRING, "string");

	public static final DataType BOOLEAN = new DataType(Kind.BOOLEAN, "boolean");

	public static final DataType DATE = new DataType(Kind.DATE, "date");

	public static final DataType TIMESTAMP = new DataType(Kind.TIMESTAMP, "timestamp");

	public static final DataType BINARY = new DataType(Kind.BINARY, "binary");

	public static final DataType NULL = new DataType(Kind.NULL, "void");

	private static final List<DataType> SIMPLE = List.of(INT, BIGINT, DOUBLE, STRING, BOOLEAN, DATE, TIMESTAMP, BINARY,
			NULL);

	/**
	 * {@code decimal}, {@code dec} or {@code numeric}, with optional (precision[,
	 * scale]).
	 */
	private static final Pattern DECIMAL_NAME = Pattern
		.compile("(decimal|dec|numeric)\\s*(?:\\(\\s*(\\d+)\\s*(?:,\\s*(\\d+)\\s*)?\\))?");

	private final Kind kind;

	/**
	 * {@code char(n)}, {@code character(n)} and {@code varchar(n)}: strings, as Spark
	 * reads them.
	 */
	private static final Pattern TEXT_WITH_LENGTH = Pattern
		.compile("(?:char|character|varchar)\\s*\\(\\s*[1-9][0-9]{0,8}\\s*\\)");

	private final String sqlName;

	DataType(Kind kind, String sqlName) {
		this.kind = kind;
		this.sqlName = sqlName;
	}

	/** What this type is, for switches. */
	public final Kind kind() {
		return this.kind;
	}

	/**
	 * The Spark SQL name, as shown in schemas and results ({@code "int"},
	 * {@code "string"}).
	 */
	public String sqlName() {
		return this.sqlName;
	}

	public final boolean isNumeric() {
		return this.kind == Kind.INT || this.kind == Kind.BIGINT || this.kind == Kind.DOUBLE
				|| this.kind == Kind.DECIMAL;
	}

	public final boolean isIntegral() {
		return this.kind == Kind.INT || this.kind == Kind.BIGINT;
	}

	/** Whether values are stored in a {@code LongVector}. */
	public final boolean isLongBacked() {
		return this.kind == Kind.INT || this.kind == Kind.BIGINT || this.kind == Kind.DATE
				|| this.kind == Kind.TIMESTAMP;
	}

	public final boolean isDecimal() {
		return this.kind == Kind.DECIMAL;
	}

	/**
	 * The decimal type {@code decimal(precision, scale)}.
	 * @throws IllegalArgumentException outside Spark's bounds (see
	 * {@link DecimalType#of})
	 */
	public static DecimalType decimal(int precision, int scale) {
		return DecimalType.of(precision, scale);
	}

	/** The types without parameters (every type but the decimals), in order. */
	public static List<DataType> simpleTypes() {
		return SIMPLE;
	}

	/**
	 * Parses a Spark type name, case-insensitively, with Spark's aliases
	 * ({@code integer}, {@code
	 * long}, {@code float}, {@code bool}, {@code decimal(10,2)}, {@code numeric(5)},
	 * {@code char(n)} and {@code varchar(n)} as strings); a bare {@code decimal} is
	 * {@code decimal(10,0)}, as in Spark.
	 * @throws IllegalArgumentException for a name that is not a type, or a decimal beyond
	 * Spark's bounds
	 */
	public static DataType parse(String name) {
		String n = name.trim().toLowerCase(Locale.ROOT);
		Matcher decimal = DECIMAL_NAME.matcher(n);
		if (decimal.matches()) {
			if (decimal.group(2) == null) {
				return DecimalType.USER_DEFAULT;
			}
			int precision = parameter(decimal.group(2));
			int scale = (decimal.group(3) == null) ? 0 : parameter(decimal.group(3));
			return DecimalType.of(precision, scale);
		}
		if (TEXT_WITH_LENGTH.matcher(n).matches()) {
			return STRING;
		}
		return switch (n) {
			case "int", "integer", "smallint", "tinyint", "short", "byte" -> INT;
			case "bigint", "long" -> BIGINT;
			case "double", "float", "real" -> DOUBLE;
			case "string", "varchar", "char", "text" -> STRING;
			case "boolean", "bool" -> BOOLEAN;
			case "date" -> DATE;
			case "timestamp", "timestamp_ntz", "datetime" -> TIMESTAMP;
			default -> throw new IllegalArgumentException("unknown type '" + name.trim() + "'");
		};
	}

	private static int parameter(String digits) {
		// more digits than any precision: report the bound, not a number format error
		return (digits.length() > 9) ? Integer.MAX_VALUE : Integer.parseInt(digits);
	}

	@Override
	public String toString() {
		return sqlName();
	}

}
