package dev.kindling.scheduler.core;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Jobs take turns: each task handed out moves its job to the back of the ring, so a small
 * job's tasks go out between a big job's, however many the big one has queued. Within a
 * job, its task sets in stage order (FIFO). The cost of a turn is the jobs it looks at.
 */
public final class RoundRobinPolicy implements SchedulingPolicy {

	private static final class JobQueue {

		final ActiveJob job;

		final List<TaskSetManager> sets = new ArrayList<>(2);

		JobQueue(ActiveJob job) {
			this.job = job;
		}

	}

	private final ArrayDeque<JobQueue> ring = new ArrayDeque<>();

	private final Map<ActiveJob, JobQueue> byJob = new IdentityHashMap<>();

	@Override
	public void add(TaskSetManager set) {
		if (set.queued) {
			return;
		}
		set.queued = true;
		JobQueue q = this.byJob.get(set.job);
		if (q == null) {
			q = new JobQueue(set.job);
			this.byJob.put(set.job, q);
			this.ring.addLast(q);
		}
		int i = 0;
		while (i < q.sets.size() && q.sets.get(i).stageId() <= set.stageId()) {
			i++;
		}
		q.sets.add(i, set);
	}

	@Override
	public void remove(TaskSetManager set) {
		if (!set.queued) {
			return;
		}
		set.queued = false;
		JobQueue q = this.byJob.get(set.job);
		q.sets.remove(set);
		if (q.sets.isEmpty()) {
			this.byJob.remove(set.job);
			this.ring.remove(q);
		}
	}

	@Override
	public Attempt next(String executorId) {
		for (int turns = this.ring.size(); turns > 0; turns--) {
			JobQueue q = this.ring.pollFirst();
			this.ring.addLast(q);
			Attempt a = FifoPolicy.takeFrom(q.sets, executorId);
			if (q.sets.isEmpty()) {
				this.byJob.remove(q.job);
				this.ring.removeLast();
			}
			if (a != null) {
				return a;
			}
		}
		return null;
	}

}
