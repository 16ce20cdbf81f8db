package dev.kindling.state;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;

/** Reads jobs. */
public interface JobRepository extends ReadOnlyRepository<JobEntity, String> {

	Page<JobEntity> findAllByOrderBySubmittedAtDesc(Pageable pageable);

	Page<JobEntity> findByStatusOrderBySubmittedAtDesc(JobStatus status, Pageable pageable);

	Page<JobEntity> findByOwnerOrderBySubmittedAtDesc(String owner, Pageable pageable);

	Page<JobEntity> findByOwnerAndStatusOrderBySubmittedAtDesc(String owner, JobStatus status, Pageable pageable);

	List<JobEntity> findByStatusIn(Collection<JobStatus> statuses);

	Optional<JobEntity> findByIdempotencyKey(String key);

	long countByStatusIn(Collection<JobStatus> statuses);

}
