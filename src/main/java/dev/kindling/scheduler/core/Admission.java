package dev.kindling.scheduler.core;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * At most {@code max-running-jobs} jobs run at once; later ones wait, QUEUED, oldest
 * first, so a burst of submissions waits its turn instead of overwhelming the executors.
 * Not thread-safe: the {@link SchedulerCore}'s lock guards it.
 */
final class Admission {

	private final int max;

	private final Set<ActiveJob> running = Collections.newSetFromMap(new IdentityHashMap<>());

	private final ArrayDeque<ActiveJob> waiting = new ArrayDeque<>();

	Admission(int max) {
		this.max = max;
	}

	/** Whether the job may run now; otherwise it waits in line. */
	boolean admit(ActiveJob job) {
		if (this.running.size() < this.max) {
			this.running.add(job);
			return true;
		}
		this.waiting.add(job);
		return false;
	}

	boolean isWaiting(ActiveJob job) {
		return this.waiting.contains(job);
	}

	/** Frees the job's place or its spot in line; the jobs that may run now. */
	List<ActiveJob> release(ActiveJob job) {
		if (!this.running.remove(job)) {
			this.waiting.remove(job);
		}
		List<ActiveJob> next = new ArrayList<>();
		while (this.running.size() < this.max && !this.waiting.isEmpty()) {
			ActiveJob j = this.waiting.poll();
			this.running.add(j);
			next.add(j);
		}
		return next;
	}

	int waiting() {
		return this.waiting.size();
	}

}
