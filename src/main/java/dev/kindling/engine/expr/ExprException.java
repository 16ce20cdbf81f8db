package dev.kindling.engine.expr;

/**
 * An expression that cannot be parsed or bound: a syntax error, an unknown column or
 * function, a wrong number of arguments, a type error, or an aggregate where none is
 * allowed. The message is meant for the person who wrote the expression and names the
 * position in the source text.
 */
public class ExprException extends RuntimeException {

	private final int position;

	private final String column;

	public ExprException(String message, int position) {
		this(message, position, null);
	}

	public ExprException(String message, int position, String column) {
		super(message);
		this.position = position;
		this.column = column;
	}

	/**
	 * An exception whose message is {@code problem} followed by {@code " at position N"}.
	 */
	public static ExprException at(int position, String problem) {
		return new ExprException((position >= 0) ? problem + " at position " + position : problem, position);
	}

	/** The 0-based character offset in the source text, or -1 when unknown. */
	public int position() {
		return this.position;
	}

	/** The offending column name for unknown-column errors, else {@code null}. */
	public String column() {
		return this.column;
	}

}
