package dev.kindling.scheduler;

import java.util.Set;
import java.util.TreeSet;

import io.swagger.v3.oas.annotations.Hidden;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import dev.kindling.cluster.CacheRegistry;
import dev.kindling.platform.DriverRole;
import dev.kindling.protocol.MigrationReport;
import dev.kindling.protocol.Paths;
import dev.kindling.protocol.TaskDescriptor.MapOutputLocation;
import dev.kindling.scheduler.core.SchedulerCore;
import dev.kindling.state.EventType;

/**
 * Blocks moving off a decommissioned executor: where it handed its shuffle output and
 * cached partitions (recorded, so later tasks read them there), and where a map output is
 * now, for a reduce task that could not fetch it from where it was told.
 */
@Hidden
@RestController
@DriverRole
class MigrationController {

	private final SchedulerCore core;

	private final CacheRegistry cache;

	MigrationController(SchedulerCore core, CacheRegistry cache) {
		this.core = core;
		this.cache = cache;
	}

	@PostMapping(Paths.MIGRATED)
	ResponseEntity<Void> migrated(@PathVariable String executorId, @RequestBody MigrationReport report) {
		this.core.outputsMoved(executorId, report.shuffle());
		int moved = 0;
		Set<String> keys = new TreeSet<>();
		Set<String> targets = new TreeSet<>();
		for (MigrationReport.CachedPartition c : report.cache()) {
			if (this.cache.moved(c.key(), c.partition(), executorId, c.executorId(), c.bytes(), c.rows())) {
				moved++;
				keys.add(c.key().substring(0, Math.min(12, c.key().length())));
				targets.add(c.executorId());
			}
		}
		if (moved > 0) {
			this.core.executorEvent(EventType.CACHE_MIGRATED, executorId,
					moved + " cached partition" + (moved == 1 ? "" : "s") + " of " + String.join(", ", keys)
							+ " moved from " + executorId + " to " + String.join(", ", targets));
		}
		return ResponseEntity.noContent().build();
	}

	@GetMapping(Paths.MAP_OUTPUT)
	ResponseEntity<MapOutputLocation> mapOutput(@PathVariable String jobId, @PathVariable int stageId,
			@PathVariable int mapPartition) {
		MapOutputLocation location = this.core.mapOutput(jobId, stageId, mapPartition);
		return location == null ? ResponseEntity.notFound().build() : ResponseEntity.ok(location);
	}

}
