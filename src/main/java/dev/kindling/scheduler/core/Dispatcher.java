package dev.kindling.scheduler.core;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

import dev.kindling.protocol.TaskDescriptor;

/**
 * Hands runnable tasks to executors: at once to a poll or a report that offers free
 * slots, or later to a parked poll when tasks become runnable. Which task set's task goes
 * next is the {@link SchedulingPolicy}'s choice. While paused (the database is
 * unreachable) it hands out nothing and polls stay parked. Not thread-safe: the
 * {@link SchedulerCore}'s lock guards it.
 */
final class Dispatcher {

	/** Starts an attempt on an executor; null if the attempt cannot run after all. */
	interface Launcher {

		TaskDescriptor launch(Attempt attempt, String executorId);

	}

	private record Waiter(String executorId, int max, TaskSink sink) {
	}

	private final SchedulingPolicy policy;

	private final LiveCluster cluster;

	private final ArrayDeque<Waiter> waiters = new ArrayDeque<>();

	private Launcher launcher;

	private boolean paused;

	Dispatcher(SchedulingPolicy policy, LiveCluster cluster) {
		this.policy = policy;
		this.cluster = cluster;
	}

	void launcher(Launcher launcher) {
		this.launcher = launcher;
	}

	/** A task set got queued attempts. */
	void offer(TaskSetManager set) {
		if (set.hasPending()) {
			this.policy.add(set);
		}
	}

	/** A task set has nothing to offer for now. */
	void withdraw(TaskSetManager set) {
		this.policy.remove(set);
	}

	/**
	 * Up to {@code max} tasks for this executor (never more than its slots; none while it
	 * is decommissioned).
	 */
	List<TaskDescriptor> take(String executorId, int max) {
		if (this.paused || !this.cluster.takesTasks(executorId)) {
			return List.of();
		}
		int limit = Math.min(max, Math.max(1, this.cluster.slots(executorId)));
		List<TaskDescriptor> out = null;
		while (out == null || out.size() < limit) {
			Attempt a = this.policy.next(executorId);
			if (a == null) {
				break;
			}
			TaskDescriptor task = this.launcher.launch(a, executorId);
			if (task != null) {
				if (out == null) {
					out = new ArrayList<>(limit);
				}
				out.add(task);
			}
		}
		return out == null ? List.of() : out;
	}

	void park(String executorId, int max, TaskSink sink) {
		this.waiters.add(new Waiter(executorId, max, sink));
	}

	void unpark(TaskSink sink) {
		this.waiters.removeIf(w -> w.sink() == sink);
	}

	/** Answers an executor's parked polls with no task: it takes none any more. */
	void release(String executorId) {
		for (var it = this.waiters.iterator(); it.hasNext();) {
			Waiter w = it.next();
			if (w.executorId().equals(executorId)) {
				it.remove();
				w.sink().deliver(List.of());
			}
		}
	}

	int parked() {
		return this.waiters.size();
	}

	/** Answers parked polls with the tasks runnable now. */
	void dispatch() {
		if (this.paused) {
			return;
		}
		for (int rounds = this.waiters.size(); rounds > 0 && !this.waiters.isEmpty(); rounds--) {
			Waiter w = this.waiters.poll();
			if (!w.sink().isOpen()) {
				continue;
			}
			List<TaskDescriptor> tasks = take(w.executorId(), w.max());
			if (tasks.isEmpty()) {
				this.waiters.add(w);
				// Nothing for this one; another executor may still get a task.
			}
			else {
				// A poll that timed out meanwhile loses these tasks; the reconciliation
				// of running attempts with heartbeats runs them again.
				w.sink().deliver(tasks);
			}
		}
	}

	void pause(boolean paused) {
		this.paused = paused;
		if (!paused) {
			dispatch();
		}
	}

	boolean isPaused() {
		return this.paused;
	}

}
