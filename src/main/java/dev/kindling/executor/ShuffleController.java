package dev.kindling.executor;

import io.swagger.v3.oas.annotations.Hidden;

import org.springframework.core.io.InputStreamResource;
import org.springframework.core.io.Resource;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

import dev.kindling.platform.ExecutorRole;
import dev.kindling.protocol.Paths;

/**
 * Serves shuffle blocks to reduce tasks on other executors (404 when the block is not
 * here), streamed from memory or from the map output's data file, never read whole.
 */
@Hidden
@RestController
@ExecutorRole
class ShuffleController {

	private final BlockManagers managers;

	ShuffleController(BlockManagers managers) {
		this.managers = managers;
	}

	@GetMapping(value = Paths.SHUFFLE_BLOCK, produces = MediaType.APPLICATION_OCTET_STREAM_VALUE)
	ResponseEntity<Resource> block(@PathVariable String executorId, @PathVariable String jobId,
			@PathVariable int stageId, @PathVariable int mapPartition, @PathVariable int reducePartition) {
		BlockManager manager = this.managers.get(executorId);
		BlockManager.Block block = manager == null ? null : manager.open(jobId, stageId, mapPartition, reducePartition);
		if (block == null) {
			return ResponseEntity.notFound().build();
		}
		return ResponseEntity.ok().contentLength(block.length()).body(new InputStreamResource(block.in()));
	}

}
