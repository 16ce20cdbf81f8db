package dev.kindling.job;

import java.util.List;

import org.springframework.data.jpa.repository.JpaRepository;

public interface EventRepository extends JpaRepository<EventEntity, Long> {

	List<EventEntity> findByJobIdOrderById(String jobId);

	List<EventEntity> findTop200ByOrderByIdDesc();

}
