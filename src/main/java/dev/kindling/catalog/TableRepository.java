package dev.kindling.catalog;

import java.util.List;

import org.springframework.data.jpa.repository.JpaRepository;

interface TableRepository extends JpaRepository<TableEntity, String> {

	List<TableEntity> findAllByOrderByNameAsc();

}
