package dev.kindling.engine.expr.eval;

import dev.kindling.engine.expr.ExprException;

/**
 * A value that is an error under ANSI mode, as Spark raises it: invalid input, overflow,
 * an argument out of range. The message starts with Spark's error class in brackets and
 * ends with its SQLSTATE ({@code [CAST_INVALID_INPUT] ... SQLSTATE: 22018}). Such an
 * error is the same on every attempt, so it fails the job at once.
 */
public final class AnsiError extends ExprException {

	private final String errorClass;

	private AnsiError(String errorClass, String message) {
		super(message, -1);
		this.errorClass = errorClass;
	}

	/** An error of Spark's class {@code errorClass} with this message and SQLSTATE. */
	public static AnsiError of(String errorClass, String sqlState, String message) {
		return new AnsiError(errorClass, "[" + errorClass + "] " + message + " SQLSTATE: " + sqlState);
	}

	/** Spark's error class, such as {@code CAST_INVALID_INPUT}. */
	public String errorClass() {
		return this.errorClass;
	}

	/** A string that does not convert to {@code targetType} ({@code DATE}, ...). */
	static AnsiError castInvalidInput(String value, String sourceType, String targetType) {
		return of("CAST_INVALID_INPUT", "22018",
				"The value '" + value + "' of the type \"" + sourceType + "\" cannot be cast to \"" + targetType
						+ "\" because it is malformed. Correct the value as per the syntax, or change its target type. "
						+ "Use `try_cast` to tolerate malformed input and return NULL instead. If necessary set "
						+ "kindling.sql.ansi.enabled to \"false\" to bypass this error.");
	}

	/** A string that does not parse with a datetime pattern. */
	static AnsiError cannotParseTimestamp(String message, String tryFunction) {
		return of("CANNOT_PARSE_TIMESTAMP", "22007",
				message + ". Use `" + tryFunction + "` to tolerate invalid input string and return NULL instead.");
	}

	/** A date or time field out of its range ({@code make_date(2024, 13, 1)}). */
	static AnsiError dateTimeFieldOutOfBounds(String message) {
		return of("DATETIME_FIELD_OUT_OF_BOUNDS", "22023",
				message + ". If necessary set kindling.sql.ansi.enabled to \"false\" to bypass this error.");
	}

	/** An integer result beyond its type. */
	static AnsiError arithmeticOverflow(String what, String tryFunction) {
		return of("ARITHMETIC_OVERFLOW", "22003",
				what + " overflow."
						+ ((tryFunction != null)
								? " Use '" + tryFunction + "' to tolerate overflow and return NULL instead." : "")
						+ " If necessary set kindling.sql.ansi.enabled to \"false\" to bypass this error.");
	}

	/** A division or remainder by zero. */
	static AnsiError divideByZero() {
		return of("DIVIDE_BY_ZERO", "22012", "Division by zero. Use `try_divide` to tolerate divisor being 0 "
				+ "and return NULL instead. If necessary set kindling.sql.ansi.enabled to \"false\" to bypass this error.");
	}

}
