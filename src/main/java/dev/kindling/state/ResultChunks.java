package dev.kindling.state;

import java.util.List;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import dev.kindling.platform.DriverRole;

/**
 * Reads a job's result back from its chunks in {@code job_results} ({@link StateWriter}
 * writes them with the job's end).
 */
@Component
@DriverRole
public class ResultChunks {

	private final JdbcTemplate jdbc;

	public ResultChunks(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	/** The job's result as stored, or null when it has none. */
	public String read(String jobId) {
		List<String> chunks = this.jdbc.queryForList("select data from job_results where job_id = ? order by chunk",
				String.class, jobId);
		return chunks.isEmpty() ? null : String.join("", chunks);
	}

}
