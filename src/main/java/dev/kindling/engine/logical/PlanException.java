package dev.kindling.engine.logical;

/**
 * A job that cannot be planned: an unknown column or op, a type error, a bad option.
 * Names the offending field of the job document as a JSON pointer
 * ({@code /pipeline/2/condition}) and, for expression errors, the character position
 * inside that field.
 */
public class PlanException extends RuntimeException {

	private final String pointer;

	private final int position;

	private final String column;

	public PlanException(String pointer, String message) {
		this(pointer, message, -1, null, null);
	}

	public PlanException(String pointer, String message, int position, String column, Throwable cause) {
		super(message, cause);
		this.pointer = pointer;
		this.position = position;
		this.column = column;
	}

	/** The JSON pointer of the field at fault, such as {@code /pipeline/0/condition}. */
	public String pointer() {
		return this.pointer;
	}

	/** The 0-based character position inside the field, or -1. */
	public int position() {
		return this.position;
	}

	/** The unknown or mistyped column, or null. */
	public String column() {
		return this.column;
	}

}
