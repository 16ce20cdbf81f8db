package dev.kindling.scheduler;

import java.time.Duration;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import dev.kindling.cluster.ExecutorRegistry;
import dev.kindling.scheduler.core.SchedulerCore;
import dev.kindling.scheduler.core.SchedulerListener;
import dev.kindling.state.EventType;
import dev.kindling.state.JobStatus;
import dev.kindling.state.TaskStatus;

/**
 * The scheduler's metrics: jobs and tasks counted and timed as they end, events counted
 * by type, and gauges of the queue, the parked polls, the running tasks and jobs.
 */
final class SchedulerMeters implements SchedulerListener {

	private final MeterRegistry meters;

	private final Counter submitted;

	private final Counter succeeded;

	private final Counter failed;

	private final Counter cancelled;

	private final Counter retried;

	private final Counter spills;

	private final Counter spilledBytes;

	private final Timer jobDuration;

	private final Timer taskDuration;

	SchedulerMeters(MeterRegistry meters) {
		this.meters = meters;
		this.submitted = Counter.builder("kindling.jobs.submitted").description("Jobs accepted").register(meters);
		this.succeeded = Counter.builder("kindling.jobs.succeeded").description("Jobs that succeeded").register(meters);
		this.failed = Counter.builder("kindling.jobs.failed").description("Jobs that failed").register(meters);
		this.cancelled = Counter.builder("kindling.jobs.cancelled").description("Jobs cancelled").register(meters);
		this.retried = Counter.builder("kindling.tasks.retried").description("Task attempts retried").register(meters);
		this.spills = Counter.builder("kindling.tasks.spills")
			.description("Times task attempts spilled to local disk (operators and shuffle writers)")
			.register(meters);
		this.spilledBytes = Counter.builder("kindling.tasks.spilled.bytes")
			.description("Bytes task attempts spilled to local disk (operators and shuffle writers)")
			.baseUnit("bytes")
			.register(meters);
		this.jobDuration = Timer.builder("kindling.job.duration")
			.description("Submit to end of a job")
			.publishPercentileHistogram()
			.register(meters);
		this.taskDuration = Timer.builder("kindling.task.duration")
			.description("Run time of task attempts")
			.publishPercentileHistogram()
			.register(meters);
	}

	/**
	 * The gauges that read the scheduler's and the registry's state, those an autoscaler
	 * scales executors on among them: slots in use and in all, and how many executors the
	 * queued and running tasks would keep busy ({@link DesiredExecutors}).
	 */
	void gauges(SchedulerCore core, ExecutorRegistry registry, int executorSlots) {
		this.meters.gauge("kindling.tasks.queued", core, SchedulerCore::queuedTasks);
		this.meters.gauge("kindling.polls.parked", core, SchedulerCore::parkedPolls);
		this.meters.gauge("kindling.tasks.running", core, SchedulerCore::runningTasks);
		this.meters.gauge("kindling.jobs.active", core, SchedulerCore::activeJobs);
		this.meters.gauge("kindling.jobs.waiting", core, SchedulerCore::waitingJobs);
		this.meters.gauge("kindling.executors.alive", registry, r -> r.takingTasks().size());
		this.meters.gauge("kindling.executors.decommissioning", registry,
				r -> r.alive().size() - r.takingTasks().size());
		// Not "kindling.slots.total": Prometheus keeps _total for counters and would
		// export
		// that gauge as kindling_slots.
		this.meters.gauge("kindling.slots", registry, ExecutorRegistry::totalSlots);
		this.meters.gauge("kindling.slots.busy", core, SchedulerCore::runningTasks);
		this.meters.gauge("kindling.executors.desired", core, c -> DesiredExecutors.of(c.queuedTasks(),
				c.runningTasks(), registry.takingTasks().size(), registry.totalSlots(), executorSlots));
	}

	@Override
	public void jobSubmitted(String jobId) {
		this.submitted.increment();
	}

	@Override
	public void jobEnded(String jobId, JobStatus status, Duration sinceSubmit) {
		this.jobDuration.record(sinceSubmit);
		switch (status) {
			case SUCCEEDED -> this.succeeded.increment();
			case FAILED -> this.failed.increment();
			default -> this.cancelled.increment();
		}
	}

	@Override
	public void taskEnded(String jobId, String attemptId, TaskStatus status, long durationMs) {
		this.taskDuration.record(Duration.ofMillis(durationMs));
	}

	@Override
	public void taskSpilled(String jobId, String attemptId, long spills, long bytes) {
		this.spills.increment(spills);
		this.spilledBytes.increment(bytes);
	}

	@Override
	public void taskRetried(String jobId, String attemptId) {
		this.retried.increment();
	}

	@Override
	public void event(EventType type, String jobId, String executorId, String message) {
		this.meters.counter("kindling.events", "type", type.name()).increment();
	}

}
