package dev.kindling.cluster;

import java.util.List;

import org.springframework.data.jpa.repository.JpaRepository;

interface ExecutorRepository extends JpaRepository<ExecutorEntity, String> {

	List<ExecutorEntity> findByState(ExecutorState state);

}
