package dev.kindling.job;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;

public interface JobRepository extends JpaRepository<JobEntity, String> {

	Page<JobEntity> findAllByOrderBySubmittedAtDesc(Pageable pageable);

	Page<JobEntity> findByStatusOrderBySubmittedAtDesc(JobStatus status, Pageable pageable);

	List<JobEntity> findByStatusIn(Collection<JobStatus> statuses);

	Optional<JobEntity> findByIdempotencyKey(String key);

	long countByStatusIn(Collection<JobStatus> statuses);

}
