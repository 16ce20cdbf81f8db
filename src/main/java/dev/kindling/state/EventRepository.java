package dev.kindling.state;

import java.util.List;

/** Reads events. */
public interface EventRepository extends ReadOnlyRepository<EventEntity, Long> {

	List<EventEntity> findByJobIdOrderById(String jobId);

	List<EventEntity> findTop200ByOrderByIdDesc();

}
