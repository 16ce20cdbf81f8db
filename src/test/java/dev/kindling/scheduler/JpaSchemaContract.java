package dev.kindling.scheduler;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.TimeZone;

import jakarta.persistence.EntityManager;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.data.jpa.test.autoconfigure.DataJpaTest;
import org.springframework.boot.jdbc.test.autoconfigure.AutoConfigureTestDatabase;
import org.springframework.context.annotation.Import;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import dev.kindling.cluster.ExecutorInfo;
import dev.kindling.cluster.ExecutorRegistry;
import dev.kindling.cluster.ExecutorState;
import dev.kindling.job.EventEntity;
import dev.kindling.job.EventRepository;
import dev.kindling.job.JobEntity;
import dev.kindling.job.JobRepository;
import dev.kindling.job.JobStatus;
import dev.kindling.job.StageEntity;
import dev.kindling.job.StageRepository;
import dev.kindling.job.StageStatus;
import dev.kindling.job.TaskAttemptEntity;
import dev.kindling.job.TaskAttemptRepository;
import dev.kindling.job.TaskStatus;
import dev.kindling.protocol.TaskReport;
import dev.kindling.protocol.Heartbeat;
import dev.kindling.protocol.RegisterRequest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

/**
 * What the driver's state store must do on every supported database: the Flyway schema
 * validates against the entities ({@code ddl-auto=validate}), entities and repository
 * queries round-trip, and the scheduler's hand-written SQL runs through the real
 * {@link StateWriter}. Each database is a subclass that only says where the DataSource
 * points; the tests live here, once.
 *
 * <p>
 * It sits in the scheduler's package to drive the package-private {@link StateWriter} and
 * to read the SQL the {@link Scheduler} really sends (its private constants), rather than
 * a copy that could drift.
 */
@DataJpaTest(properties = { "spring.jpa.hibernate.ddl-auto=validate", "spring.flyway.enabled=true" })
@AutoConfigureTestDatabase(replace = AutoConfigureTestDatabase.Replace.NONE)
@Import(JpaSchemaContractBeans.class)
abstract class JpaSchemaContract {

	static final Instant T0 = JpaSchemaContractBeans.T0;

	@Autowired
	JobRepository jobs;

	@Autowired
	StageRepository stages;

	@Autowired
	TaskAttemptRepository attempts;

	@Autowired
	EventRepository events;

	@Autowired
	ExecutorRegistry executors;

	@Autowired
	PlatformTransactionManager transactions;

	@Autowired
	EntityManager em;

	@Autowired
	JdbcTemplate jdbc;

	/**
	 * A state writer that is not started: {@code flush()} then writes on the calling
	 * thread, inside the test's transaction, which sees the rows the test made and rolls
	 * back with it.
	 */
	private StateWriter writer() {
		return new StateWriter(this.jdbc, new TransactionTemplate(this.transactions),
				dev.kindling.live.StateListener.NONE);
	}

	private JobEntity job(String id, Instant submittedAt) {
		return this.jobs.save(new JobEntity(id, "job " + id, "{\"name\":\"" + id + "\"}", null, submittedAt));
	}

	/**
	 * Flushes pending writes and forgets loaded entities, so the next read comes from the
	 * database.
	 */
	private void reload() {
		this.em.flush();
		this.em.clear();
	}

	@Test
	void storesAJobWithItsPlanInputsAndReadsItBack() {
		JobEntity job = new JobEntity("j-1", "adults", "{\"spec\":1}", "key-1", T0);
		job.setPlanInputs("{\"pinned\":true}", "[{\"splits\":3}]", 8, 10L << 20);
		job.moveTo(JobStatus.RUNNING, T0.plusSeconds(1));
		job.moveTo(JobStatus.FAILED, T0.plusSeconds(2));
		job.setError("no such column: agee", "/pipeline/0/condition");
		this.jobs.save(job);
		reload();

		JobEntity read = this.jobs.findById("j-1").orElseThrow();
		assertThat(read.getName()).isEqualTo("adults");
		assertThat(read.getStatus()).isEqualTo(JobStatus.FAILED);
		assertThat(read.getSpec()).isEqualTo("{\"spec\":1}");
		assertThat(read.getPinnedSpec()).isEqualTo("{\"pinned\":true}");
		assertThat(read.getScans()).isEqualTo("[{\"splits\":3}]");
		assertThat(read.getShufflePartitions()).isEqualTo(8);
		assertThat(read.getBroadcastThreshold()).isEqualTo(10L << 20);
		assertThat(read.getIdempotencyKey()).isEqualTo("key-1");
		assertThat(read.getSubmittedAt()).isEqualTo(T0);
		assertThat(read.getStartedAt()).isEqualTo(T0.plusSeconds(1));
		assertThat(read.getFinishedAt()).isEqualTo(T0.plusSeconds(2));
		assertThat(read.getErrorMessage()).isEqualTo("no such column: agee");
		assertThat(read.getErrorPointer()).isEqualTo("/pipeline/0/condition");
		assertThat(read.getExpiresAt()).isNull();
	}

	@Test
	void bumpsTheVersionOnEveryUpdate() {
		job("j-v", T0);
		reload();
		JobEntity job = this.jobs.findById("j-v").orElseThrow();
		job.moveTo(JobStatus.RUNNING, T0);
		reload();
		assertThat(this.jdbc.queryForObject("select version from jobs where id = 'j-v'", Long.class)).isEqualTo(1L);
	}

	@Test
	void roundTripsAFiveMegabyteResult() {
		String result = "{\"rows\":[" + "\"0123456789abcdefghijklmnopqrstuvwxyzäöü€\",".repeat(128 * 1024) + "1]}";
		assertThat(result.length()).isGreaterThan(5_000_000);
		JobEntity job = job("j-big", T0);
		job.setResult(result);
		reload();

		assertThat(this.jobs.findById("j-big").orElseThrow().getResult()).isEqualTo(result);
	}

	@Test
	void pagesJobsNewestFirstAndFiltersByStatus() {
		for (int i = 0; i < 5; i++) {
			JobEntity job = job("j-" + i, T0.plusSeconds(i));
			if (i % 2 == 1) {
				job.moveTo(JobStatus.RUNNING, T0.plusSeconds(10));
			}
		}
		reload();

		Page<JobEntity> first = this.jobs.findAllByOrderBySubmittedAtDesc(PageRequest.of(0, 2));
		assertThat(first.getContent()).extracting(JobEntity::getId).containsExactly("j-4", "j-3");
		assertThat(first.getTotalElements()).isEqualTo(5);
		assertThat(first.getTotalPages()).isEqualTo(3);
		Page<JobEntity> last = this.jobs.findAllByOrderBySubmittedAtDesc(PageRequest.of(2, 2));
		assertThat(last.getContent()).extracting(JobEntity::getId).containsExactly("j-0");

		Page<JobEntity> running = this.jobs.findByStatusOrderBySubmittedAtDesc(JobStatus.RUNNING,
				PageRequest.of(0, 10));
		assertThat(running.getContent()).extracting(JobEntity::getId).containsExactly("j-3", "j-1");
		assertThat(this.jobs.findByStatusIn(List.of(JobStatus.QUEUED, JobStatus.CANCELLING)))
			.extracting(JobEntity::getId)
			.containsExactlyInAnyOrder("j-0", "j-2", "j-4");
	}

	@Test
	void findsAJobByItsIdempotencyKeyAndRefusesASecondJobWithTheSameKey() {
		this.jobs.saveAndFlush(new JobEntity("j-a", "a", "{}", "same-key", T0));
		assertThat(this.jobs.findByIdempotencyKey("same-key")).map(JobEntity::getId).contains("j-a");
		assertThat(this.jobs.findByIdempotencyKey("other-key")).isEmpty();

		assertThatThrownBy(() -> this.jobs.saveAndFlush(new JobEntity("j-b", "b", "{}", "same-key", T0)))
			.isInstanceOf(DataIntegrityViolationException.class);
	}

	@Test
	void allowsManyJobsWithoutAnIdempotencyKey() {
		this.jobs.saveAndFlush(new JobEntity("j-n1", "a", "{}", null, T0));
		this.jobs.saveAndFlush(new JobEntity("j-n2", "b", "{}", null, T0));
		assertThat(this.jobs.count()).isEqualTo(2);
	}

	@Test
	void storesStagesInOrderWithTheirShuffleBytes() {
		job("j-s", T0);
		StageEntity result = new StageEntity("j-s", 1, "RESULT", 4, "0", "HashAggregate(FINAL)");
		StageEntity map = new StageEntity("j-s", 0, "MAP", 3, "", "CsvScan people.csv");
		map.setStatus(StageStatus.RUNNING, T0);
		map.addShuffleBytes(1234, 0);
		map.setStatus(StageStatus.SUCCEEDED, T0.plusSeconds(3));
		this.stages.save(result);
		this.stages.save(map);
		reload();

		List<StageEntity> read = this.stages.findByJobIdOrderByStageNo("j-s");
		assertThat(read)
			.extracting(StageEntity::getId, StageEntity::getKind, StageEntity::getNumTasks, StageEntity::getParents,
					StageEntity::getStatus)
			.containsExactly(tuple("j-s:0", "MAP", 3, "", StageStatus.SUCCEEDED),
					tuple("j-s:1", "RESULT", 4, "0", StageStatus.WAITING));
		assertThat(read.get(0).getShuffleBytesWritten()).isEqualTo(1234);
		assertThat(read.get(0).getSubmittedAt()).isEqualTo(T0);
		assertThat(read.get(0).getFinishedAt()).isEqualTo(T0.plusSeconds(3));
		assertThat(read.get(0).getDescription()).isEqualTo("CsvScan people.csv");
	}

	@Test
	void refusesTwoStagesWithTheSameNumberInOneJob() {
		job("j-dup", T0);
		this.stages.saveAndFlush(new StageEntity("j-dup", 0, "MAP", 1, "", "a"));
		this.jdbc.update("update stages set id = 'other' where id = 'j-dup:0'");
		this.em.clear();
		assertThatThrownBy(() -> this.stages.saveAndFlush(new StageEntity("j-dup", 0, "MAP", 1, "", "b")))
			.isInstanceOf(DataIntegrityViolationException.class);
	}

	@Test
	void storesTaskAttemptsAndCountsThemByStageAndStatus() {
		job("j-t", T0);
		this.attempts.save(attempt("j-t", 0, 0, 0, TaskStatus.SUCCEEDED));
		this.attempts.save(attempt("j-t", 0, 1, 0, TaskStatus.FAILED));
		this.attempts.save(attempt("j-t", 0, 1, 1, TaskStatus.SUCCEEDED));
		this.attempts.save(attempt("j-t", 0, 2, 0, TaskStatus.RUNNING));
		this.attempts.save(attempt("j-t", 1, 0, 0, TaskStatus.QUEUED));
		job("j-other", T0);
		this.attempts.save(attempt("j-other", 0, 0, 0, TaskStatus.SUCCEEDED));
		reload();

		assertThat(this.attempts.countByStageAndStatus("j-t"))
			.extracting(row -> tuple(((Number) row[0]).intValue(), row[1], ((Number) row[2]).longValue(),
					((Number) row[3]).longValue()))
			.containsExactlyInAnyOrder(tuple(0, TaskStatus.SUCCEEDED, 2L, 2L), tuple(0, TaskStatus.FAILED, 1L, 1L),
					tuple(0, TaskStatus.RUNNING, 1L, 1L), tuple(1, TaskStatus.QUEUED, 1L, 1L));

		assertThat(this.attempts.findByJobIdOrderByStageNoAscPartitionAscAttemptAsc("j-t"))
			.extracting(TaskAttemptEntity::getId)
			.containsExactly("j-t:0.0:0.0", "j-t:0.0:1.0", "j-t:0.0:1.1", "j-t:0.0:2.0", "j-t:1.0:0.0");
		TaskAttemptEntity retried = this.attempts.findByJobIdAndStageNoOrderByPartitionAscAttemptAsc("j-t", 0).get(2);
		assertThat(retried.getId()).isEqualTo("j-t:0.0:1.1");
		assertThat(retried.getExecutorId()).isEqualTo("exec-1");
		assertThat(retried.getRowsIn()).isEqualTo(100);
		assertThat(retried.getShuffleBytesWritten()).isEqualTo(5_000_000_000L);
		assertThat(retried.getStartedAt()).isEqualTo(T0.plusSeconds(1));
		assertThat(retried.getFinishedAt()).isEqualTo(T0.plusSeconds(2));
		assertThat(retried.getOutput()).isEqualTo("{\"count\":7}");
	}

	private static TaskAttemptEntity attempt(String job, int stage, int partition, int number, TaskStatus status) {
		TaskAttemptEntity a = new TaskAttemptEntity(job, stage, 0, partition, number, T0);
		if (status != TaskStatus.QUEUED) {
			a.start("exec-1", T0.plusSeconds(1));
		}
		if (status.isFinal()) {
			a.finish(status, T0.plusSeconds(2), status == TaskStatus.FAILED ? "boom" : null);
			a.setMetrics(100, 7, 2048, 0, 5_000_000_000L);
			a.setOutput(status == TaskStatus.SUCCEEDED ? "{\"count\":7}" : null);
		}
		return a;
	}

	@Test
	void keepsEventsInOrderPerJobAndNewestFirstOverall() {
		job("j-e", T0);
		this.events.save(new EventEntity(T0, "TASK_RETRIED", "j-e", "exec-1", "attempt 0 failed"));
		this.events.save(new EventEntity(T0.plusSeconds(1), "EXECUTOR_LOST", null, "exec-1", "no heartbeat"));
		this.events.save(new EventEntity(T0.plusSeconds(2), "STAGE_RESUBMITTED", "j-e", null, "lost map output"));
		reload();

		assertThat(this.events.findByJobIdOrderById("j-e")).extracting(EventEntity::getType)
			.containsExactly("TASK_RETRIED", "STAGE_RESUBMITTED");
		List<EventEntity> latest = this.events.findTop200ByOrderByIdDesc();
		assertThat(latest).extracting(EventEntity::getType)
			.containsExactly("STAGE_RESUBMITTED", "EXECUTOR_LOST", "TASK_RETRIED");
		assertThat(latest.get(1).getAt()).isEqualTo(T0.plusSeconds(1));
		assertThat(latest.get(1).getJobId()).isNull();
		assertThat(latest.get(0).getId()).isGreaterThan(latest.get(2).getId());
	}

	@Test
	void storesExecutorsAndTheirLatestHeartbeat() {
		String id = this.executors
			.register(new RegisterRequest(1, "host-a:8081", 4, 1L << 32, "http://host-a:8081", null))
			.executorId();
		this.executors.heartbeat(id, new Heartbeat(List.of("j:0.0:0.0"), 4096, 1L << 33, List.of()));
		this.executors.checkHeartbeats();
		reload();

		Long cacheBytes = this.jdbc.queryForObject("select cache_bytes from executors where id = ?", Long.class, id);
		assertThat(cacheBytes).isEqualTo(4096);
		ExecutorInfo stored = this.executors.all().get(0);
		assertThat(stored.id()).isEqualTo(id);
		assertThat(stored.state()).isEqualTo(ExecutorState.ALIVE);
		assertThat(stored.slots()).isEqualTo(4);
		assertThat(stored.maxMemory()).isEqualTo(1L << 32);
		assertThat(stored.registeredAt()).isEqualTo(T0);

		this.executors.deregister(id);
		reload();
		assertThat(this.jdbc.queryForObject("select state from executors where id = ?", String.class, id))
			.isEqualTo("GONE");
	}

	@Test
	void runsTheSchedulersStateWritesThroughTheStateWriter() {
		JobEntity job = job("j-w", T0);
		job.setPlanInputs("{}", "[]", 2, -1);
		this.stages.save(new StageEntity("j-w", 0, "RESULT", 2, "", "scan"));
		reload();
		Instant queued = T0.plusSeconds(1);
		Instant started = T0.plusSeconds(2);
		Instant finished = T0.plusSeconds(3);
		String output = "{\"count\":" + "9".repeat(5_000_000) + "}";

		StateWriter writer = writer();
		writer.attemptQueued("j-w:0.0:0.0", "j-w", 0, 0, 0, 0, queued);
		writer.attemptQueued("j-w:0.0:1.0", "j-w", 0, 0, 1, 0, queued);
		writer.attemptStarted("j-w:0.0:0.0", "exec-1", started);
		writer.attemptStarted("j-w:0.0:1.0", "exec-2", started);
		writer.jobRunning("j-w", started);
		writer.stage("j-w", 0, StageStatus.RUNNING, 0, started, false);
		writer.attemptEnded("j-w:0.0:0.0", TaskStatus.SUCCEEDED, finished, null,
				new TaskReport.Metrics(10, 1, 300, 20, 64, 7, 12), output, 1);
		writer.attemptEnded("j-w:0.0:1.0", TaskStatus.LOST, finished, "executor exec-2 lost");
		writer.stageShuffle("j-w", 0, 64, 0);
		writer.stageShuffle("j-w", 0, 36, 5);
		writer.stage("j-w", 0, StageStatus.SUCCEEDED, 1, finished, true);
		writer.flush();
		reload();

		TaskAttemptEntity done = this.attempts.findById("j-w:0.0:0.0").orElseThrow();
		assertThat(done.getStatus()).isEqualTo(TaskStatus.SUCCEEDED);
		assertThat(done.getExecutorId()).isEqualTo("exec-1");
		assertThat(done.getQueuedAt()).isEqualTo(T0.plusSeconds(1));
		assertThat(done.getStartedAt()).isEqualTo(T0.plusSeconds(2));
		assertThat(done.getFinishedAt()).isEqualTo(T0.plusSeconds(3));
		assertThat(done.getRowsIn()).isEqualTo(10);
		assertThat(done.getBytesIn()).isEqualTo(300);
		assertThat(done.getShuffleBytesRead()).isEqualTo(20);
		assertThat(done.getShuffleBytesWritten()).isEqualTo(64);
		assertThat(done.getShuffleRemoteBytesRead()).isEqualTo(12);
		assertThat(done.getError()).isNull();
		assertThat(done.getOutput()).isEqualTo(output);
		assertThat(done.getSlot()).as("the executor slot its report named").isEqualTo(1);
		TaskAttemptEntity lost = this.attempts.findById("j-w:0.0:1.0").orElseThrow();
		assertThat(lost.getStatus()).isEqualTo(TaskStatus.LOST);
		assertThat(lost.getError()).isEqualTo("executor exec-2 lost");
		assertThat(lost.getOutput()).isNull();
		assertThat(lost.getSlot()).as("no report, no slot").isNull();

		StageEntity stage = this.stages.findById("j-w:0").orElseThrow();
		assertThat(stage.getStatus()).isEqualTo(StageStatus.SUCCEEDED);
		assertThat(stage.getAttempt()).isEqualTo(1);
		assertThat(stage.getSubmittedAt()).as("coalesce keeps the first start").isEqualTo(T0.plusSeconds(2));
		assertThat(stage.getFinishedAt()).isEqualTo(T0.plusSeconds(3));
		assertThat(stage.getShuffleBytesWritten()).isEqualTo(100);
		assertThat(stage.getShuffleBytesRead()).isEqualTo(5);

		JobEntity running = this.jobs.findById("j-w").orElseThrow();
		assertThat(running.getStatus()).isEqualTo(JobStatus.RUNNING);
		assertThat(running.getStartedAt()).isEqualTo(T0.plusSeconds(2));
	}

	@Test
	void storesInstantsAsUtcWallClockTimeWhateverTheJvmZone() {
		TimeZone zone = TimeZone.getDefault();
		TimeZone.setDefault(TimeZone.getTimeZone("America/New_York"));
		try {
			job("j-tz", T0);
			this.stages.save(new StageEntity("j-tz", 0, "RESULT", 1, "", "scan"));
			reload();
			StateWriter writer = writer();
			writer.jobRunning("j-tz", T0.plusSeconds(60));
			writer.attemptQueued("j-tz:0.0:0.0", "j-tz", 0, 0, 0, 0, T0.plusSeconds(61));
			writer.flush();
			reload();

			JobEntity job = this.jobs.findById("j-tz").orElseThrow();
			assertThat(job.getSubmittedAt()).isEqualTo(T0);
			assertThat(job.getStartedAt()).isEqualTo(T0.plusSeconds(60));
			assertThat(this.attempts.findById("j-tz:0.0:0.0").orElseThrow().getQueuedAt())
				.isEqualTo(T0.plusSeconds(61));
			assertThat(this.jdbc.queryForObject("select submitted_at from jobs where id = 'j-tz'", LocalDateTime.class))
				.isEqualTo(LocalDateTime.ofInstant(T0, ZoneOffset.UTC));
			assertThat(this.jdbc.queryForObject("select started_at from jobs where id = 'j-tz'", LocalDateTime.class))
				.isEqualTo(LocalDateTime.ofInstant(T0.plusSeconds(60), ZoneOffset.UTC));
		}
		finally {
			TimeZone.setDefault(zone);
		}
	}

	@Test
	void movesOnlyAQueuedJobToRunning() {
		JobEntity job = job("j-c", T0);
		job.moveTo(JobStatus.CANCELLING, T0);
		reload();

		StateWriter writer = writer();
		writer.jobRunning("j-c", T0.plusSeconds(5));
		writer.flush();
		reload();

		JobEntity read = this.jobs.findById("j-c").orElseThrow();
		assertThat(read.getStatus()).isEqualTo(JobStatus.CANCELLING);
		assertThat(read.getStartedAt()).isNull();
	}

}
