package dev.kindling.state;

import java.util.Collection;
import java.util.List;

import org.springframework.data.jpa.repository.Query;

/** Reads task attempts. */
public interface TaskAttemptRepository extends ReadOnlyRepository<TaskAttemptEntity, String> {

	List<TaskAttemptEntity> findByJobIdOrderByStageNoAscPartitionAscAttemptAsc(String jobId);

	List<TaskAttemptEntity> findByJobIdAndStageNoOrderByPartitionAscAttemptAsc(String jobId, int stageNo);

	List<TaskAttemptEntity> findByJobIdAndStatusInOrderByStageNoAscPartitionAscAttemptAsc(String jobId,
			Collection<TaskStatus> statuses);

	/**
	 * Attempt counts per stage and status: the progress of a job; with the spills of
	 * those attempts and the bytes they wrote.
	 */
	@Query("select t.stageNo, t.status, count(t), count(distinct t.partition), sum(t.spills), sum(t.spillBytes) "
			+ "from TaskAttemptEntity t where t.jobId = ?1 group by t.stageNo, t.status")
	List<Object[]> countByStageAndStatus(String jobId);

}
