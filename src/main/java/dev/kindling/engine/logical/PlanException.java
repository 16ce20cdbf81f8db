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

	private final java.util.List<PlanException> all;

	public PlanException(String pointer, String message) {
		this(pointer, message, -1, null, null);
	}

	public PlanException(String pointer, String message, int position, String column, Throwable cause) {
		super(message, cause);
		this.pointer = pointer;
		this.position = position;
		this.column = column;
		this.all = java.util.List.of(this);
	}

	/**
	 * Several independent mistakes of one job, reported together: the first is this
	 * exception's pointer and message, {@link #all()} lists each.
	 */
	public PlanException(java.util.List<PlanException> mistakes) {
		super(mistakes.get(0).getMessage());
		this.pointer = mistakes.get(0).pointer;
		this.position = mistakes.get(0).position;
		this.column = mistakes.get(0).column;
		this.all = java.util.List.copyOf(mistakes);
	}

	/** Every mistake this reports (itself alone, unless several were found together). */
	public java.util.List<PlanException> all() {
		return this.all;
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
