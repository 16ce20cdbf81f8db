package dev.kindling.scheduler;

/**
 * How many executors the work the driver has would keep busy, for an autoscaler
 * ({@code kindling_executors_desired}): the queued and running task attempts over the
 * slots of one executor, rounded up. Zero when there is no work; the autoscaler's minimum
 * applies. One executor's slots are {@code kindling.autoscaling.executor-slots} when set,
 * else the average of the executors taking tasks, else 1 (no executor yet: each queued
 * task asks for one executor, and the autoscaler's maximum caps that).
 */
final class DesiredExecutors {

	private DesiredExecutors() {
	}

	static int of(int queued, int running, int executors, int slots, int configuredSlotsPerExecutor) {
		long work = Math.max(0, (long) queued) + Math.max(0, running);
		if (work == 0) {
			return 0;
		}
		double perExecutor = configuredSlotsPerExecutor > 0 ? configuredSlotsPerExecutor
				: executors > 0 && slots > 0 ? (double) slots / executors : 1;
		return (int) Math.min(Integer.MAX_VALUE, (long) Math.ceil(work / perExecutor));
	}

}
