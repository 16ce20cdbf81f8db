package dev.kindling.executor;

import java.util.List;

import io.swagger.v3.oas.annotations.Hidden;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import dev.kindling.engine.vector.Batch;
import dev.kindling.platform.ExecutorRole;
import dev.kindling.protocol.Paths;

/**
 * Takes the blocks an executor that leaves hands over: a map task's shuffle output, or a
 * cached partition, stored as if this executor had made them. 404 when the executor is
 * not in this process, 409 when it is leaving too (the sender tries another), 400 for a
 * body that is not a block, 507 for a cached partition that does not fit. The leaving
 * executor then tells the driver where its blocks went.
 */
@Hidden
@RestController
@ExecutorRole
class BlockIntakeController {

	private final BlockManagers managers;

	BlockIntakeController(BlockManagers managers) {
		this.managers = managers;
	}

	@PutMapping(Paths.SHUFFLE_OUTPUT)
	ResponseEntity<Void> shuffleOutput(@PathVariable String executorId, @PathVariable String jobId,
			@PathVariable int stageId, @PathVariable int mapPartition, @RequestBody byte[] body) {
		BlockManager manager = this.managers.get(executorId);
		if (manager == null) {
			return ResponseEntity.notFound().build();
		}
		byte[][] blocks;
		try {
			blocks = MigratedBlocks.decodeOutput(body);
		}
		catch (IllegalArgumentException ex) {
			return ResponseEntity.badRequest().build();
		}
		return manager.takeOver(jobId, stageId, mapPartition, blocks) ? ResponseEntity.noContent().build()
				: ResponseEntity.status(409).build();
	}

	@PutMapping(Paths.CACHED_PARTITION)
	ResponseEntity<Long> cachedPartition(@PathVariable String executorId, @PathVariable String key,
			@PathVariable int partition, @RequestBody byte[] body) {
		CacheManager cache = this.managers.cache(executorId);
		if (cache == null) {
			return ResponseEntity.notFound().build();
		}
		List<Batch> batches;
		try {
			batches = MigratedBlocks.decodeCached(body);
		}
		catch (IllegalArgumentException ex) {
			return ResponseEntity.badRequest().build();
		}
		long bytes = cache.takeOver(key, partition, batches);
		return bytes >= 0 ? ResponseEntity.ok(bytes) : ResponseEntity.status(507).build();
	}

}
