package dev.kindling.state;

import java.util.List;
import java.util.Optional;

import org.springframework.data.repository.NoRepositoryBean;
import org.springframework.data.repository.Repository;

/**
 * A repository that only reads: every table has one write path, the {@link StateWriter},
 * so no repository offers {@code save} or {@code delete}.
 */
@NoRepositoryBean
public interface ReadOnlyRepository<T, ID> extends Repository<T, ID> {

	Optional<T> findById(ID id);

	List<T> findAll();

	long count();

}
