package dev.kindling.engine.types;

import java.util.Locale;
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
 * <li>{@code DECIMAL}: {@link java.math.BigDecimal}
 * <li>{@code BOOLEAN}: {@code boolean}
 * <li>{@code STRING}: UTF-8 bytes
 * <li>{@code BINARY}: any bytes, for the opaque partial state of an aggregate function (a
 * sketch); not a type a job declares or casts to, so {@link #parse} refuses it
 * <li>{@code NULL}: the type of the untyped {@code null} literal only
 * </ul>
 */
public enum DataType {

	INT("int"), BIGINT("bigint"), DOUBLE("double"), DECIMAL("decimal"), STRING("string"), BOOLEAN("boolean"),
	DATE("date"), TIMESTAMP("timestamp"), BINARY("binary"), NULL("void");

	/**
	 * {@code char(n)}, {@code character(n)} and {@code varchar(n)}: strings, as Spark
	 * reads them.
	 */
	private static final Pattern TEXT_WITH_LENGTH = Pattern
		.compile("(?:char|character|varchar)\\s*\\(\\s*[1-9][0-9]{0,8}\\s*\\)");

	private final String sqlName;

	DataType(String sqlName) {
		this.sqlName = sqlName;
	}

	/**
	 * The Spark SQL name, as shown in schemas and results ({@code "int"},
	 * {@code "string"}).
	 */
	public String sqlName() {
		return this.sqlName;
	}

	public boolean isNumeric() {
		return this == INT || this == BIGINT || this == DOUBLE || this == DECIMAL;
	}

	public boolean isIntegral() {
		return this == INT || this == BIGINT;
	}

	/** Whether values are stored in a {@code LongVector}. */
	public boolean isLongBacked() {
		return this == INT || this == BIGINT || this == DATE || this == TIMESTAMP;
	}

	/**
	 * Parses a Spark type name, case-insensitively, with Spark's aliases
	 * ({@code integer}, {@code
	 * long}, {@code float}, {@code bool}, {@code decimal(10,2)}, {@code char(n)} and
	 * {@code varchar(n)} as strings).
	 * @throws IllegalArgumentException for a name that is not a type
	 */
	public static DataType parse(String name) {
		String n = name.trim().toLowerCase(Locale.ROOT);
		if (n.startsWith("decimal") || n.startsWith("numeric")) {
			return DECIMAL;
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

}
