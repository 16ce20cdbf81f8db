package dev.kindling.job;

import java.util.List;

import org.springframework.data.jpa.repository.JpaRepository;

public interface StageRepository extends JpaRepository<StageEntity, String> {

	List<StageEntity> findByJobIdOrderByStageNo(String jobId);

}
