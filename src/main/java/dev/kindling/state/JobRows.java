package dev.kindling.state;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import dev.kindling.platform.DriverRole;

/**
 * What a job document shows, read with plain SQL: the job, its stages, and its attempts
 * counted per stage and status; the read behind every job document, a {@code ?wait}
 * answer and each job of a page. Through Hibernate's entity queries this was the largest
 * part of a small job's answer while the JIT was still warming (3.5 of the 10th to 200th
 * small job's 20 ms); the state writer's JDBC path is hot by then.
 */
@Component
@DriverRole
public class JobRows {

	/** A job as its document shows it. */
	public record Job(String id, String name, JobStatus status, Instant submittedAt, Instant startedAt,
			Instant finishedAt, String result, String errorMessage, String errorPointer, String owner, String pool) {

		public static Job of(JobEntity e) {
			return new Job(e.getId(), e.getName(), e.getStatus(), e.getSubmittedAt(), e.getStartedAt(),
					e.getFinishedAt(), e.getResult(), e.getErrorMessage(), e.getErrorPointer(), e.getOwner(),
					e.getPool());
		}

	}

	/** A stage as stored. */
	public record Stage(int stageNo, StageStatus status, int attempt, String kind, int numTasks, String parents,
			long shuffleBytesWritten, long shuffleBytesRead, Instant submittedAt, Instant finishedAt,
			String description) {
	}

	/**
	 * A stage's attempts in one status.
	 *
	 * @param attempts how many
	 * @param partitions how many distinct partitions they ran
	 * @param spills their spills, summed
	 * @param spillBytes their spilled bytes, summed
	 */
	public record AttemptCount(int stageNo, TaskStatus status, int attempts, int partitions, long spills,
			long spillBytes) {
	}

	private final JdbcTemplate jdbc;

	public JobRows(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	/** The job, or empty when none is stored under this id. */
	public Optional<Job> job(String id) {
		return this.jdbc
			.query("select id, name, status, submitted_at, started_at, finished_at, result, "
					+ "error_message, error_pointer, owner, pool from jobs where id = ?",
					(rs, i) -> new Job(rs.getString(1), rs.getString(2), JobStatus.valueOf(rs.getString(3)),
							instant(rs, 4), instant(rs, 5), instant(rs, 6), rs.getString(7), rs.getString(8),
							rs.getString(9), rs.getString(10), rs.getString(11)),
					id)
			.stream()
			.findFirst();
	}

	/** The job's stages in order. */
	public List<Stage> stages(String jobId) {
		return this.jdbc.query(
				"select stage_no, status, attempt, kind, num_tasks, parents, shuffle_bytes_written, "
						+ "shuffle_bytes_read, submitted_at, finished_at, description from stages where job_id = ? "
						+ "order by stage_no",
				(rs, i) -> new Stage(rs.getInt(1), StageStatus.valueOf(rs.getString(2)), rs.getInt(3), rs.getString(4),
						rs.getInt(5), rs.getString(6), rs.getLong(7), rs.getLong(8), instant(rs, 9), instant(rs, 10),
						rs.getString(11)),
				jobId);
	}

	/** The job's attempts counted per stage and status. */
	public List<AttemptCount> attemptCounts(String jobId) {
		return this.jdbc.query(
				"select stage_no, status, count(*), count(distinct partition_no), sum(spills), "
						+ "sum(spill_bytes) from task_attempts where job_id = ? group by stage_no, status",
				(rs, i) -> new AttemptCount(rs.getInt(1), TaskStatus.valueOf(rs.getString(2)), rs.getInt(3),
						rs.getInt(4), rs.getLong(5), rs.getLong(6)),
				jobId);
	}

	/**
	 * A timestamp column as the instant it holds in UTC (as Hibernate and the writer
	 * store it).
	 */
	private static Instant instant(ResultSet rs, int column) throws SQLException {
		LocalDateTime at = rs.getObject(column, LocalDateTime.class);
		return at == null ? null : at.toInstant(ZoneOffset.UTC);
	}

}
