package dev.kindling.executor;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.kindling.protocol.TaskDescriptor;

/**
 * The attempts an executor runs, and who ends each one: the thread running it when it
 * returns, or the watchdog when it was asked to stop and did not within a bound. Exactly
 * one of the two settles an attempt (and reports it); the other drops what it has.
 */
final class RunningAttempts {

	/** One attempt: its cancellation flag, its thread, when it was asked to stop. */
	static final class Attempt {

		final TaskDescriptor task;

		final AtomicBoolean cancelled = new AtomicBoolean();

		volatile Thread thread;

		volatile long killedAtNanos;

		/** Set once, under the lock, by the end that reports the attempt. */
		private boolean settled;

		Attempt(TaskDescriptor task) {
			this.task = task;
		}

	}

	private final Map<String, Attempt> byId = new ConcurrentHashMap<>();

	/** Lists an attempt as running (before it starts, so it can never be missed). */
	Attempt add(TaskDescriptor task) {
		Attempt a = new Attempt(task);
		this.byId.put(task.attemptId(), a);
		return a;
	}

	Attempt get(String attemptId) {
		return this.byId.get(attemptId);
	}

	void remove(String attemptId) {
		this.byId.remove(attemptId);
	}

	int size() {
		return this.byId.size();
	}

	Set<String> ids() {
		return this.byId.keySet();
	}

	Collection<Attempt> all() {
		return this.byId.values();
	}

	/** Asks an attempt to stop, and notes when first asked. */
	static void kill(Attempt a) {
		a.cancelled.set(true);
		if (a.killedAtNanos == 0) {
			a.killedAtNanos = System.nanoTime();
		}
	}

	/**
	 * Claims the end of an attempt for the thread that ran it; false when the watchdog
	 * already gave it up (the thread then drops its report, and clears the interrupt the
	 * watchdog sent, which can no longer arrive).
	 */
	boolean settleByThread(Attempt a) {
		if (a == null) {
			return true;
		}
		synchronized (this) {
			if (a.settled) {
				Thread.interrupted();
				return false;
			}
			a.settled = true;
			return true;
		}
	}

	/**
	 * The attempts asked to stop at least {@code boundNanos} ago that still run: each is
	 * settled here (its thread's own end is then dropped) and its thread interrupted, in
	 * case it waits on something an interrupt ends.
	 */
	List<Attempt> giveUpStuck(long nowNanos, long boundNanos) {
		List<Attempt> stuck = new ArrayList<>();
		for (Attempt a : this.byId.values()) {
			long killedAt = a.killedAtNanos;
			if (killedAt == 0 || nowNanos - killedAt < boundNanos) {
				continue;
			}
			synchronized (this) {
				if (a.settled) {
					continue;
				}
				a.settled = true;
				Thread t = a.thread;
				if (t != null) {
					t.interrupt();
				}
			}
			stuck.add(a);
		}
		return stuck;
	}

}
