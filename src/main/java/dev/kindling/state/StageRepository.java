package dev.kindling.state;

import java.util.List;

/** Reads stages. */
public interface StageRepository extends ReadOnlyRepository<StageEntity, String> {

	List<StageEntity> findByJobIdOrderByStageNo(String jobId);

}
