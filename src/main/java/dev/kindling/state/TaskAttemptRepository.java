package dev.kindling.state;

import java.util.Collection;
import java.util.List;

/** Reads task attempts. */
public interface TaskAttemptRepository extends ReadOnlyRepository<TaskAttemptEntity, String> {

	List<TaskAttemptEntity> findByJobIdOrderByStageNoAscPartitionAscAttemptAsc(String jobId);

	List<TaskAttemptEntity> findByJobIdAndStageNoOrderByPartitionAscAttemptAsc(String jobId, int stageNo);

	List<TaskAttemptEntity> findByJobIdAndStatusInOrderByStageNoAscPartitionAscAttemptAsc(String jobId,
			Collection<TaskStatus> statuses);

}
