package dev.kindling.engine.expr.eval;

import java.util.IdentityHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The task a thread is running, for the few functions whose values depend on it, as
 * Spark's {@code Nondeterministic.initialize(partitionIndex)}: {@code rand(seed)} draws
 * from a generator seeded with {@code seed + partition}, and
 * {@code monotonically_increasing_id()} counts the rows of its partition. Each such
 * evaluator keeps its state here, keyed by itself, so a stage's bound expressions stay
 * immutable and shared while every task draws its own sequence. The task runner opens a
 * scope per task; outside one, a thread has a scope of partition 0 that lasts as long as
 * the thread.
 */
public final class TaskScope {

	private static final ThreadLocal<TaskScope> CURRENT = ThreadLocal.withInitial(() -> new TaskScope(0));

	private final int partition;

	private final Map<Object, Object> state = new IdentityHashMap<>();

	private TaskScope(int partition) {
		this.partition = partition;
	}

	/** Runs {@code work} as the task of {@code partition}, with fresh state. */
	public static <T> T run(int partition, Supplier<T> work) {
		TaskScope previous = CURRENT.get();
		CURRENT.set(new TaskScope(partition));
		try {
			return work.get();
		}
		finally {
			CURRENT.set(previous);
		}
	}

	static TaskScope current() {
		return CURRENT.get();
	}

	/** The partition this task computes. */
	int partition() {
		return this.partition;
	}

	/**
	 * The state {@code owner} keeps in this task, made by {@code initial} at first use.
	 */
	@SuppressWarnings("unchecked")
	<T> T state(Object owner, Supplier<T> initial) {
		Object s = this.state.get(owner);
		if (s == null) {
			s = initial.get();
			this.state.put(owner, s);
		}
		return (T) s;
	}

}
