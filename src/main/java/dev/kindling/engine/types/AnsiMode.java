package dev.kindling.engine.types;

import java.util.function.Supplier;

/**
 * Whether the expressions being planned follow ANSI mode (Spark 4's default,
 * {@code spark.sql.ansi.enabled=true}): division by zero, overflow and an invalid cast
 * fail the job with Spark's error class; without it they give null (or wrap, for integer
 * arithmetic), as Spark 3 did.
 *
 * <p>
 * The mode belongs to the job (it travels in its pinned spec, so the driver and every
 * executor plan alike). The planner sets it around planning with {@link #with}, and an
 * evaluator or accumulator reads {@link #current()} once, when it is bound, and keeps it:
 * nothing reads it while rows are evaluated. This is Spark's own shape (an expression
 * takes its {@code EvalMode} from the session's configuration when it is made), and it
 * keeps the binder's and the functions' signatures free of a flag most of them never
 * need.
 */
public final class AnsiMode {

	/** Spark 4's default. */
	public static final boolean DEFAULT = true;

	private static final ThreadLocal<Boolean> CURRENT = new ThreadLocal<>();

	private AnsiMode() {
	}

	/**
	 * The mode of the planning under way on this thread ({@link #DEFAULT} outside one).
	 */
	public static boolean current() {
		Boolean mode = CURRENT.get();
		return (mode != null) ? mode : DEFAULT;
	}

	/**
	 * Runs {@code body} with {@code ansi} as the current mode, and restores the previous
	 * one.
	 */
	public static <T> T with(boolean ansi, Supplier<T> body) {
		Boolean previous = CURRENT.get();
		CURRENT.set(ansi);
		try {
			return body.get();
		}
		finally {
			if (previous == null) {
				CURRENT.remove();
			}
			else {
				CURRENT.set(previous);
			}
		}
	}

}
