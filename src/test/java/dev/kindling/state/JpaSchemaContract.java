package dev.kindling.state;

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

import dev.kindling.cluster.ExecutorInfo;
import dev.kindling.cluster.ExecutorRegistry;
import dev.kindling.cluster.ExecutorState;
import dev.kindling.protocol.Heartbeat;
import dev.kindling.protocol.RegisterRequest;
import dev.kindling.state.StateWriter.AttemptCounters;
import dev.kindling.state.StateWriter.AttemptLog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

/**
 * What the driver's state store must do on every supported database: the Flyway schema
 * validates against the entities ({@code ddl-auto=validate}), every row the
 * {@link StateWriter} writes (its one write path) reads back through the entities and the
 * repository queries, and the constraints refuse what they should. Each database is a
 * subclass that only says where the DataSource points; the tests live here, once.
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
	TaskLogRepository logs;

	@Autowired
	ExecutorRegistry executors;

	@Autowired
	StateWriter writer;

	@Autowired
	JobRows jobRows;

	@Autowired
	EntityManager em;

	@Autowired
	JdbcTemplate jdbc;

	private static StateWriter.NewJob newJob(String id, String key, Instant submittedAt,
			StateWriter.NewStage... stages) {
		return new StateWriter.NewJob(id, "job " + id, "{\"name\":\"" + id + "\"}", "{\"pinned\":true}",
				"[{\"splits\":3}]", 8, 10L << 20, "[\"people.csv|{}\"]", key, submittedAt, List.of(stages));
	}

	private void job(String id, Instant submittedAt) {
		this.writer.jobAccepted(newJob(id, null, submittedAt));
	}

	/** Stores what was recorded and forgets loaded entities, so reads hit the tables. */
	private void store() {
		this.writer.flush().join();
		this.em.clear();
	}

	@Test
	void storesAJobWithItsPlanInputsAndItsEnd() {
		StateWriter.Acceptance accepted = this.writer.jobAccepted(newJob("j-1", "key-1", T0));
		this.writer.jobRunning("j-1", T0.plusSeconds(1));
		this.writer.jobEnded("j-1", JobStatus.FAILED, T0.plusSeconds(2), null, "no such column: agee");
		store();

		assertThat(accepted.stored()).isCompleted();
		JobEntity read = this.jobs.findById("j-1").orElseThrow();
		assertThat(read.getName()).isEqualTo("job j-1");
		assertThat(read.getStatus()).isEqualTo(JobStatus.FAILED);
		assertThat(read.getSpec()).isEqualTo("{\"name\":\"j-1\"}");
		assertThat(read.getPinnedSpec()).isEqualTo("{\"pinned\":true}");
		assertThat(read.getScans()).isEqualTo("[{\"splits\":3}]");
		assertThat(read.getShufflePartitions()).isEqualTo(8);
		assertThat(read.getBroadcastThreshold()).isEqualTo(10L << 20);
		assertThat(read.getCachedKeys()).isEqualTo("[\"people.csv|{}\"]");
		assertThat(read.getIdempotencyKey()).isEqualTo("key-1");
		assertThat(read.getSubmittedAt()).isEqualTo(T0);
		assertThat(read.getStartedAt()).isEqualTo(T0.plusSeconds(1));
		assertThat(read.getFinishedAt()).isEqualTo(T0.plusSeconds(2));
		assertThat(read.getErrorMessage()).isEqualTo("no such column: agee");
		assertThat(read.getExpiresAt()).isNull();
		// the job document's read of the same row, in plain SQL
		assertThat(this.jobRows.job("j-1")).contains(JobRows.Job.of(read));
		assertThat(this.jobRows.job("j-none")).isEmpty();
	}

	@Test
	void roundTripsAFiveMegabyteResult() {
		String result = "{\"rows\":[" + "\"0123456789abcdefghijklmnopqrstuvwxyzäöü€\",".repeat(128 * 1024) + "1]}";
		assertThat(result.length()).isGreaterThan(5_000_000);
		job("j-big", T0);
		this.writer.jobEnded("j-big", JobStatus.SUCCEEDED, T0.plusSeconds(1), result, null);
		store();

		JobEntity read = this.jobs.findById("j-big").orElseThrow();
		assertThat(read.getResult()).as("kept in chunks, not in one value").isNull();
		assertThat(new ResultChunks(this.jdbc).read("j-big")).isEqualTo(result);
		assertThat(this.jdbc.queryForObject("select max(length(data)) from job_results where job_id = 'j-big'",
				Integer.class))
			.isEqualTo(StateWriter.RESULT_CHUNK_CHARS);
		assertThat(read.getStartedAt()).as("a job that ends without a start gets one").isEqualTo(T0.plusSeconds(1));
	}

	@Test
	void cutsAResultIntoChunksNeverBetweenTheHalvesOfACharacter() {
		String result = "a" + "\uD83D\uDE00".repeat(4);
		assertThat(StateWriter.chunks(result, 2)).containsExactly("a", "\uD83D\uDE00", "\uD83D\uDE00", "\uD83D\uDE00",
				"\uD83D\uDE00");
		assertThat(StateWriter.chunks(null, 2)).isEmpty();
		job("j-emoji", T0);
		this.writer.jobEnded("j-emoji", JobStatus.SUCCEEDED, T0.plusSeconds(1), result, null);
		store();
		assertThat(new ResultChunks(this.jdbc).read("j-emoji")).isEqualTo(result);
	}

	@Test
	void aJobsEndDropsThePartialOutputsOfItsAttempts() {
		job("j-out", T0);
		attempt("j-out", 1, 0, 0, TaskStatus.SUCCEEDED);
		store();
		assertThat(this.attempts.findById("j-out:1.0:0.0").orElseThrow().getOutput()).isNotNull();
		this.writer.jobEnded("j-out", JobStatus.FAILED, T0.plusSeconds(3), null, "too large");
		store();
		assertThat(this.attempts.findById("j-out:1.0:0.0").orElseThrow().getOutput()).isNull();
		assertThat(new ResultChunks(this.jdbc).read("j-out")).isNull();
	}

	@Test
	void pagesJobsNewestFirstAndFiltersByStatus() {
		for (int i = 0; i < 5; i++) {
			job("j-" + i, T0.plusSeconds(i));
			if (i % 2 == 1) {
				this.writer.jobRunning("j-" + i, T0.plusSeconds(10));
			}
		}
		store();

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
		assertThat(this.jobs.countByStatusIn(List.of(JobStatus.RUNNING))).isEqualTo(2);
	}

	@Test
	void findsAJobByItsIdempotencyKeyAndRefusesASecondJobWithTheSameKey() {
		this.writer.jobAccepted(newJob("j-a", "same-key", T0));
		store();
		assertThat(this.jobs.findByIdempotencyKey("same-key")).map(JobEntity::getId).contains("j-a");
		assertThat(this.jobs.findByIdempotencyKey("other-key")).isEmpty();

		assertThatThrownBy(() -> this.jdbc.update("insert into jobs (id, name, status, spec, idempotency_key, "
				+ "submitted_at) values ('j-b', 'b', 'QUEUED', '{}', 'same-key', current_timestamp)"))
			.isInstanceOf(DataIntegrityViolationException.class);
	}

	@Test
	void allowsManyJobsWithoutAnIdempotencyKey() {
		job("j-n1", T0);
		job("j-n2", T0);
		store();
		assertThat(this.jobs.count()).isEqualTo(2);
	}

	@Test
	void movesOnlyAQueuedJobToRunning() {
		job("j-c", T0);
		this.writer.jobCancelling("j-c");
		this.writer.jobRunning("j-c", T0.plusSeconds(5));
		store();

		JobEntity read = this.jobs.findById("j-c").orElseThrow();
		assertThat(read.getStatus()).isEqualTo(JobStatus.CANCELLING);
		assertThat(read.getStartedAt()).isNull();
	}

	@Test
	void storesStagesInOrderWithTheirStatusAndShuffleBytes() {
		this.writer.jobAccepted(newJob("j-s", null, T0, new StateWriter.NewStage(0, "MAP", 3, "", "CsvScan people.csv"),
				new StateWriter.NewStage(1, "RESULT", 4, "0", "HashAggregate(FINAL)")));
		this.writer.stage("j-s", 0, StageStatus.RUNNING, 0, T0);
		this.writer.stageShuffle("j-s", 0, 1000, 0);
		this.writer.stageShuffle("j-s", 0, 234, 5);
		this.writer.stage("j-s", 0, StageStatus.SUCCEEDED, 1, T0.plusSeconds(3));
		store();

		List<StageEntity> read = this.stages.findByJobIdOrderByStageNo("j-s");
		assertThat(read)
			.extracting(StageEntity::getId, StageEntity::getKind, StageEntity::getNumTasks, StageEntity::getParents,
					StageEntity::getStatus)
			.containsExactly(tuple("j-s:0", "MAP", 3, "", StageStatus.SUCCEEDED),
					tuple("j-s:1", "RESULT", 4, "0", StageStatus.WAITING));
		StageEntity map = read.get(0);
		assertThat(map.getAttempt()).isEqualTo(1);
		assertThat(map.getShuffleBytesWritten()).isEqualTo(1234);
		assertThat(map.getShuffleBytesRead()).isEqualTo(5);
		assertThat(map.getSubmittedAt()).as("coalesce keeps the first start").isEqualTo(T0);
		assertThat(map.getFinishedAt()).isEqualTo(T0.plusSeconds(3));
		assertThat(map.getDescription()).isEqualTo("CsvScan people.csv");
		// the job document's read of the same rows, in plain SQL
		assertThat(this.jobRows.stages("j-s")).containsExactly(
				new JobRows.Stage(0, StageStatus.SUCCEEDED, 1, "MAP", 3, "", 1234, 5, T0, T0.plusSeconds(3),
						"CsvScan people.csv"),
				new JobRows.Stage(1, StageStatus.WAITING, 0, "RESULT", 4, "0", 0, 0, null, null,
						"HashAggregate(FINAL)"));
	}

	@Test
	void storesWhatAdaptiveExecutionMadeOfAStageForARestartedDriver() {
		this.writer.jobAccepted(newJob("j-a", null, T0, new StateWriter.NewStage(0, "MAP", 3, "", "CsvScan"),
				new StateWriter.NewStage(1, "RESULT", 200, "0", "HashAggregate(FINAL)")));
		String slices = "0-3;3-4:0@0-2;3-4:0@2-3;4-200";
		this.writer.stageAdapted("j-a", 1, 4, slices,
				"stage 1: 199 partitions coalesced to 2 (3 MB in all; target 1 MB per task, advisory 64 MB)\n"
						+ "stage 1: join partition 3 (900 MB, median 3 MB) split into 2 tasks");
		store();

		List<StageEntity> read = this.stages.findByJobIdOrderByStageNo("j-a");
		assertThat(read.get(0).getAdaptiveSlices()).isNull();
		assertThat(read.get(1).getNumTasks()).isEqualTo(4);
		assertThat(read.get(1).getAdaptiveSlices()).isEqualTo(slices);
		assertThat(read.get(1).getAdaptiveChanges().split("\n")).hasSize(2);
	}

	@Test
	void refusesTwoStagesWithTheSameNumberInOneJob() {
		this.writer.jobAccepted(newJob("j-dup", null, T0, new StateWriter.NewStage(0, "MAP", 1, "", "a")));
		store();
		assertThatThrownBy(() -> this.jdbc.update("insert into stages (id, job_id, stage_no, attempt, status, kind, "
				+ "num_tasks, parents, description) values ('other', 'j-dup', 0, 0, 'WAITING', 'MAP', 1, '', 'b')"))
			.isInstanceOf(DataIntegrityViolationException.class);
	}

	@Test
	void storesTaskAttemptsAndCountsThemByStageAndStatus() {
		job("j-t", T0);
		attempt("j-t", 0, 0, 0, TaskStatus.SUCCEEDED);
		attempt("j-t", 0, 1, 0, TaskStatus.FAILED);
		attempt("j-t", 0, 1, 1, TaskStatus.SUCCEEDED);
		attempt("j-t", 0, 2, 0, TaskStatus.RUNNING);
		attempt("j-t", 1, 0, 0, TaskStatus.QUEUED);
		job("j-other", T0);
		attempt("j-other", 0, 0, 0, TaskStatus.SUCCEEDED);
		store();

		assertThat(this.jobRows.attemptCounts("j-t")).as("counts, and the spills summed")
			.containsExactlyInAnyOrder(new JobRows.AttemptCount(0, TaskStatus.SUCCEEDED, 2, 2, 8, 12_000_000_000L),
					new JobRows.AttemptCount(0, TaskStatus.FAILED, 1, 1, 4, 6_000_000_000L),
					new JobRows.AttemptCount(0, TaskStatus.RUNNING, 1, 1, 0, 0),
					new JobRows.AttemptCount(1, TaskStatus.QUEUED, 1, 1, 0, 0));

		assertThat(this.attempts.findByJobIdOrderByStageNoAscPartitionAscAttemptAsc("j-t"))
			.extracting(TaskAttemptEntity::getId)
			.containsExactly("j-t:0.0:0.0", "j-t:0.0:1.0", "j-t:0.0:1.1", "j-t:0.0:2.0", "j-t:1.0:0.0");
		TaskAttemptEntity retried = this.attempts.findByJobIdAndStageNoOrderByPartitionAscAttemptAsc("j-t", 0).get(2);
		assertThat(retried.getId()).isEqualTo("j-t:0.0:1.1");
		assertThat(retried.getStageAttempt()).isZero();
		assertThat(retried.getExecutorId()).isEqualTo("exec-1");
		assertThat(retried.getQueuedAt()).isEqualTo(T0);
		assertThat(retried.getStartedAt()).isEqualTo(T0.plusSeconds(1));
		assertThat(retried.getFinishedAt()).isEqualTo(T0.plusSeconds(2));
		assertThat(retried.getRowsIn()).isEqualTo(100);
		assertThat(retried.getRowsOut()).isEqualTo(7);
		assertThat(retried.getBytesIn()).isEqualTo(2048);
		assertThat(retried.getShuffleBytesRead()).isEqualTo(20);
		assertThat(retried.getShuffleBytesWritten()).isEqualTo(5_000_000_000L);
		assertThat(retried.getShuffleRemoteBytesRead()).isEqualTo(12);
		assertThat(retried.getSpills()).isEqualTo(4);
		assertThat(retried.getSpillBytes()).as("past an int").isEqualTo(6_000_000_000L);
		assertThat(this.attempts.findById("j-t:0.0:2.0").orElseThrow().getSpillBytes()).as("still running").isZero();
		assertThat(retried.getOutput()).isEqualTo("{\"count\":7}");
		TaskAttemptEntity failed = this.attempts.findById("j-t:0.0:1.0").orElseThrow();
		assertThat(failed.getError()).isEqualTo("boom");
		assertThat(failed.getOutput()).isNull();
	}

	private void attempt(String job, int stage, int partition, int number, TaskStatus status) {
		String id = job + ":" + stage + ".0:" + partition + "." + number;
		this.writer.attemptQueued(id, job, stage, 0, partition, number, T0);
		if (status != TaskStatus.QUEUED) {
			this.writer.attemptStarted(id, "exec-1", T0.plusSeconds(1));
		}
		if (status.isFinal()) {
			this.writer.attemptEnded(id, status, T0.plusSeconds(2), status == TaskStatus.FAILED ? "boom" : null,
					new AttemptCounters(100, 7, 2048, 20, 5_000_000_000L, 12, 4, 6_000_000_000L, 3),
					status == TaskStatus.SUCCEEDED ? "{\"count\":7}" : null, AttemptLog.NONE);
		}
	}

	@Test
	void anAttemptsLogAndExceptionAreStoredWithItsEndAndReadApart() {
		job("j-log", T0);
		String lines = "[\"" + "x".repeat(300_000) + "\",\"attempt failed: bad record\"]";
		for (String id : List.of("j-log:1.0:0.0", "j-log:1.0:1.0", "j-log:1.0:2.0")) {
			this.writer.attemptQueued(id, "j-log", 1, 0, id.charAt(8) - '0', 0, T0);
			this.writer.attemptStarted(id, "exec-1", T0);
		}
		this.writer.attemptEnded("j-log:1.0:0.0", TaskStatus.FAILED, T0, "bad record",
				new AttemptCounters(1, 0, 1, 0, 0, 0, 0, 0, 0), null,
				new AttemptLog(lines, 2, 5, "java.lang.IllegalStateException", "[\"Csv.read:42\"]"));
		this.writer.attemptEnded("j-log:1.0:1.0", TaskStatus.SUCCEEDED, T0, null,
				new AttemptCounters(1, 1, 1, 0, 0, 0, 0, 0, 1), "{}", new AttemptLog("[\"done\"]", 1, 0, null, null));
		this.writer.attemptEnded("j-log:1.0:2.0", TaskStatus.KILLED, T0, "not needed", AttemptCounters.NONE, null,
				AttemptLog.NONE);
		store();

		TaskLogEntity failed = this.logs.findById("j-log:1.0:0.0").orElseThrow();
		assertThat(failed.getLines()).isEqualTo(lines);
		assertThat(failed.getLineCount()).isEqualTo(2);
		assertThat(failed.getDropped()).isEqualTo(5);
		assertThat(failed.getJobId()).isEqualTo("j-log");
		assertThat(failed.getStageNo()).isEqualTo(1);
		assertThat(this.logs.findById("j-log:1.0:1.0").orElseThrow().getLines()).isEqualTo("[\"done\"]");
		TaskLogEntity none = this.logs.findById("j-log:1.0:2.0").orElseThrow();
		assertThat(none.getLines()).as("ended without a report").isNull();
		assertThat(none.getLineCount()).isZero();
		assertThat(this.logs.findErrors("j-log", 1)).singleElement()
			.satisfies((row) -> assertThat(row).containsExactly("j-log:1.0:0.0", "java.lang.IllegalStateException",
					"[\"Csv.read:42\"]"));
		assertThat(this.attempts.findById("j-log:1.0:0.0").orElseThrow().getError()).isEqualTo("bad record");
	}

	@Test
	void storesAnAttemptsFiveMegabyteOutput() {
		job("j-w", T0);
		String output = "{\"count\":" + "9".repeat(5_000_000) + "}";
		this.writer.attemptQueued("j-w:0.0:0.0", "j-w", 0, 0, 0, 0, T0);
		this.writer.attemptEnded("j-w:0.0:0.0", TaskStatus.LOST, T0, "queued when the driver stopped",
				AttemptCounters.NONE, null, AttemptLog.NONE);
		this.writer.attemptQueued("j-w:0.0:0.1", "j-w", 0, 0, 0, 1, T0);
		this.writer.attemptStarted("j-w:0.0:0.1", "exec-2", T0);
		this.writer.attemptEnded("j-w:0.0:0.1", TaskStatus.SUCCEEDED, T0, null,
				new AttemptCounters(1, 1, 1, 0, 0, 0, 0, 0, 1), output, AttemptLog.NONE);
		store();

		assertThat(this.attempts.findById("j-w:0.0:0.1").orElseThrow().getOutput()).isEqualTo(output);
		assertThat(this.attempts.findById("j-w:0.0:0.1").orElseThrow().getSlot()).as("the slot its report named")
			.isEqualTo(1);
		TaskAttemptEntity lost = this.attempts.findById("j-w:0.0:0.0").orElseThrow();
		assertThat(lost.getStatus()).isEqualTo(TaskStatus.LOST);
		assertThat(lost.getError()).isEqualTo("queued when the driver stopped");
		assertThat(lost.getSlot()).as("no report, no slot").isNull();
	}

	@Test
	void keepsEventsInOrderPerJobAndNewestFirstOverall() {
		job("j-e", T0);
		this.writer.event(T0, EventType.TASK_RETRIED, "j-e", "exec-1", "attempt 0 failed");
		this.writer.event(T0.plusSeconds(1), EventType.EXECUTOR_LOST, null, "exec-1", "no heartbeat");
		this.writer.event(T0.plusSeconds(2), EventType.STAGE_RESUBMITTED, "j-e", null, "lost map output");
		store();

		assertThat(this.events.findByJobIdOrderById("j-e")).extracting(EventEntity::getType)
			.containsExactly(EventType.TASK_RETRIED, EventType.STAGE_RESUBMITTED);
		List<EventEntity> latest = this.events.findTop200ByOrderByIdDesc();
		assertThat(latest).extracting(EventEntity::getType)
			.containsExactly(EventType.STAGE_RESUBMITTED, EventType.EXECUTOR_LOST, EventType.TASK_RETRIED);
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
		store();

		Long cacheBytes = this.jdbc.queryForObject("select cache_bytes from executors where id = ?", Long.class, id);
		assertThat(cacheBytes).isEqualTo(4096);
		assertThat(this.jdbc.queryForObject("select running_tasks from executors where id = ?", Integer.class, id))
			.isEqualTo(1);
		ExecutorInfo stored = this.executors.all().get(0);
		assertThat(stored.id()).isEqualTo(id);
		assertThat(stored.state()).isEqualTo(ExecutorState.ALIVE);
		assertThat(stored.slots()).isEqualTo(4);
		assertThat(stored.maxMemory()).isEqualTo(1L << 32);
		assertThat(stored.registeredAt()).isEqualTo(T0);

		this.executors.deregister(id);
		store();
		assertThat(this.jdbc.queryForObject("select state from executors where id = ?", String.class, id))
			.isEqualTo("GONE");
	}

	@Test
	void storesInstantsAsUtcWallClockTimeWhateverTheJvmZone() {
		TimeZone zone = TimeZone.getDefault();
		TimeZone.setDefault(TimeZone.getTimeZone("America/New_York"));
		try {
			job("j-tz", T0);
			this.writer.jobRunning("j-tz", T0.plusSeconds(60));
			this.writer.attemptQueued("j-tz:0.0:0.0", "j-tz", 0, 0, 0, 0, T0.plusSeconds(61));
			store();

			JobEntity job = this.jobs.findById("j-tz").orElseThrow();
			assertThat(job.getSubmittedAt()).isEqualTo(T0);
			assertThat(job.getStartedAt()).isEqualTo(T0.plusSeconds(60));
			assertThat(this.jobRows.job("j-tz")).contains(JobRows.Job.of(job));
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

}
