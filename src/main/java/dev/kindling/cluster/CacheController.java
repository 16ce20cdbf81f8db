package dev.kindling.cluster;

import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.kindling.platform.DriverRole;

/** {@code /api/v1/cache}: the datasets cached in executor memory. */
@RestController
@RequestMapping("/api/v1/cache")
@Tag(name = "Cache", description = "Datasets kept in executor memory by a cache step")
@DriverRole
class CacheController {

	private final CacheRegistry cache;

	CacheController(CacheRegistry cache) {
		this.cache = cache;
	}

	@GetMapping
	@Operation(summary = "List cached datasets", description = "Each with its size and where its partitions live.")
	List<CacheRegistry.CachedDataset> list() {
		return this.cache.list();
	}

	@DeleteMapping("/{key}")
	@Operation(summary = "Unpersist a cached dataset", description = "Executors drop its partitions.")
	ResponseEntity<Void> unpersist(@PathVariable String key) {
		if (!this.cache.remove(key)) {
			ProblemDetail detail = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND,
					"no cached dataset with key '" + key + "'");
			detail.setTitle("Cached dataset not found");
			throw new ErrorResponseException(HttpStatus.NOT_FOUND, detail, null);
		}
		return ResponseEntity.noContent().build();
	}

}
