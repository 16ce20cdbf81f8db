package dev.kindling.cluster;

import java.net.URI;

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
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.kindling.platform.DriverRole;
import dev.kindling.platform.Page;

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
	Page<CacheRegistry.CachedDataset> list(@RequestParam(defaultValue = "0") int page,
			@RequestParam(defaultValue = "100") int size) {
		Page.check(page, size);
		return Page.of(this.cache.list(), page, size);
	}

	@GetMapping("/{key}")
	@Operation(summary = "Get a cached dataset", description = "Its size and where its partitions live.")
	CacheRegistry.CachedDataset get(@PathVariable String key) {
		return this.cache.list()
			.stream()
			.filter((c) -> c.key().equals(key))
			.findFirst()
			.orElseThrow(() -> notFound(key));
	}

	@DeleteMapping("/{key}")
	@Operation(summary = "Unpersist a cached dataset", description = "Executors drop its partitions.")
	ResponseEntity<Void> unpersist(@PathVariable String key) {
		if (!this.cache.remove(key)) {
			throw notFound(key);
		}
		return ResponseEntity.noContent().build();
	}

	private static ErrorResponseException notFound(String key) {
		ProblemDetail detail = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND,
				"no cached dataset with key '" + key + "'");
		detail.setTitle("Cached dataset not found");
		detail.setType(URI.create("https://kindling.dev/problems/cache-entry-not-found"));
		return new ErrorResponseException(HttpStatus.NOT_FOUND, detail, null);
	}

}
