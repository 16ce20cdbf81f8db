package dev.kindling.engine.cancel;

import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Whether the task running on this thread was asked to stop, for work that runs long
 * inside one batch (a LIKE over a megabyte, a sort, a merge, a hash-table build) and
 * cannot see its task: the task runner sets it for the thread ({@link #run}) and the long
 * loops call {@link #check()} every few thousand steps. Operators check their task
 * between batches as well. A thread with no task set (a unit test, the driver's planning)
 * is never cancelled.
 */
public final class Cancellation {

	private static final BooleanSupplier NEVER = () -> false;

	private static final ThreadLocal<BooleanSupplier> CURRENT = ThreadLocal.withInitial(() -> NEVER);

	private Cancellation() {
	}

	/** Runs a task's body with {@code cancelled} as this thread's question. */
	public static <T> T run(BooleanSupplier cancelled, Supplier<T> body) {
		BooleanSupplier previous = CURRENT.get();
		CURRENT.set(cancelled);
		try {
			return body.get();
		}
		finally {
			CURRENT.set(previous);
		}
	}

	/** Whether the task on this thread was asked to stop (or the thread interrupted). */
	public static boolean requested() {
		return CURRENT.get().getAsBoolean() || Thread.currentThread().isInterrupted();
	}

	/**
	 * Unwinds the task on this thread if it was asked to stop.
	 * @throws TaskCancelledException when it was
	 */
	public static void check() {
		if (requested()) {
			throw new TaskCancelledException();
		}
	}

}
