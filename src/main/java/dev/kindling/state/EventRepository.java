package dev.kindling.state;

import java.util.List;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

/** Reads events. */
public interface EventRepository extends ReadOnlyRepository<EventEntity, Long> {

	List<EventEntity> findByJobIdOrderById(String jobId);

	List<EventEntity> findTop200ByOrderByIdDesc();

	Page<EventEntity> findAllByOrderByIdDesc(Pageable pageable);

	/** Events of this owner's jobs, and those of no job (executors), newest first. */
	@Query("select e from EventEntity e where e.jobId is null or e.jobId in "
			+ "(select j.id from JobEntity j where j.owner = :owner) order by e.id desc")
	Page<EventEntity> findVisibleTo(@Param("owner") String owner, Pageable pageable);

}
