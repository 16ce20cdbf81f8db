package dev.kindling.engine.types;

import java.math.BigDecimal;
import java.util.Locale;

/**
 * An error in the data, raised while a task evaluates rows, named by Spark's error class
 * ({@code [DIVIDE_BY_ZERO] Division by zero. ...}): ANSI mode's division by zero,
 * overflow and invalid casts. It is deterministic: the same rows fail the same way on any
 * executor, so the job fails at once rather than retrying.
 */
public class QueryExecutionException extends RuntimeException {

	/**
	 * The setting that turns ANSI mode off, named in every message as Spark names its
	 * own.
	 */
	public static final String ANSI_SETTING = "kindling.sql.ansi.enabled";

	private static final String BYPASS = " If necessary set \"" + ANSI_SETTING
			+ "\" (or the job's \"conf\": {\"ansi\": false}) to \"false\" to bypass this error.";

	private final String errorClass;

	public QueryExecutionException(String errorClass, String message) {
		super("[" + errorClass + "] " + message);
		this.errorClass = errorClass;
	}

	/** Spark's error class, such as {@code DIVIDE_BY_ZERO}. */
	public String errorClass() {
		return this.errorClass;
	}

	public static QueryExecutionException divideByZero() {
		return new QueryExecutionException("DIVIDE_BY_ZERO",
				"Division by zero. Use `try_divide` to tolerate divisor being 0 and return NULL instead." + BYPASS);
	}

	/** An integer or bigint result out of range, as {@code integer overflow}. */
	public static QueryExecutionException arithmeticOverflow(String message, String tryFunction) {
		String alternative = (tryFunction == null) ? ""
				: " Use '" + tryFunction + "' to tolerate overflow and return NULL instead.";
		return new QueryExecutionException("ARITHMETIC_OVERFLOW", message + "." + alternative + BYPASS);
	}

	/** A decimal result or cast with more digits than its type holds. */
	public static QueryExecutionException numericValueOutOfRange(Object value, DecimalType type) {
		String text = (value instanceof BigDecimal d) ? d.toPlainString() : String.valueOf(value);
		return new QueryExecutionException("NUMERIC_VALUE_OUT_OF_RANGE.WITH_SUGGESTION",
				text + " cannot be represented as Decimal(" + type.precision() + ", " + type.scale() + ")." + BYPASS
						+ " Return NULL instead.");
	}

	/** A string that does not parse as the type it is cast to. */
	public static QueryExecutionException castInvalidInput(String value, DataType from, DataType to) {
		return new QueryExecutionException("CAST_INVALID_INPUT",
				"The value '" + preview(value) + "' of the type \"" + upper(from) + "\" cannot be cast to \""
						+ upper(to)
						+ "\" because it is malformed. Correct the value as per the syntax, or change its target type."
						+ " Use `try_cast` to tolerate malformed input and return NULL instead." + BYPASS);
	}

	/** A number out of the range of the type it is cast to. */
	public static QueryExecutionException castOverflow(Object value, DataType from, DataType to) {
		return new QueryExecutionException("CAST_OVERFLOW",
				"The value " + value + " of the type \"" + upper(from) + "\" cannot be cast to \"" + upper(to)
						+ "\" due to an overflow. Use `try_cast` to tolerate overflow and return NULL instead."
						+ BYPASS);
	}

	private static String upper(DataType type) {
		return type.sqlName().toUpperCase(Locale.ROOT);
	}

	private static String preview(String value) {
		return (value.length() > 100) ? value.substring(0, 100) + "..." : value;
	}

}
