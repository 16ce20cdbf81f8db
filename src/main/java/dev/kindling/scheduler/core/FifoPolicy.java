package dev.kindling.scheduler.core;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * The oldest job's task sets first, in stage order (Spark's FIFO mode): a job runs alone
 * until it has nothing more to hand out.
 */
public final class FifoPolicy implements SchedulingPolicy {

	private final List<TaskSetManager> sets = new ArrayList<>();

	@Override
	public void add(TaskSetManager set) {
		if (set.queued) {
			return;
		}
		set.queued = true;
		int i = 0;
		while (i < this.sets.size() && before(this.sets.get(i), set)) {
			i++;
		}
		this.sets.add(i, set);
	}

	private static boolean before(TaskSetManager a, TaskSetManager b) {
		return a.job.sequence < b.job.sequence || (a.job.sequence == b.job.sequence && a.stageId() <= b.stageId());
	}

	@Override
	public void remove(TaskSetManager set) {
		if (set.queued) {
			set.queued = false;
			this.sets.remove(set);
		}
	}

	@Override
	public Attempt next(String executorId) {
		return takeFrom(this.sets, executorId);
	}

	/**
	 * The first attempt this executor may run from these sets in order; sets left with
	 * nothing queued drop out.
	 */
	static Attempt takeFrom(List<TaskSetManager> sets, String executorId) {
		Iterator<TaskSetManager> it = sets.iterator();
		while (it.hasNext()) {
			TaskSetManager set = it.next();
			Attempt a = set.take(executorId);
			if (!set.hasPending()) {
				set.queued = false;
				it.remove();
			}
			if (a != null) {
				return a;
			}
		}
		return null;
	}

}
