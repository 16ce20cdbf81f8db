package dev.kindling.state;

import java.util.List;

import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

/** Reads task attempts' logs and exceptions. */
public interface TaskLogRepository extends ReadOnlyRepository<TaskLogEntity, String> {

	/** The exceptions of a stage's failed attempts: attempt id, class, frames (JSON). */
	@Query("select t.attemptId, t.errorType, t.errorFrames from TaskLogEntity t "
			+ "where t.jobId = :jobId and t.stageNo = :stageNo and t.errorType is not null")
	List<Object[]> findErrors(@Param("jobId") String jobId, @Param("stageNo") int stageNo);

}
