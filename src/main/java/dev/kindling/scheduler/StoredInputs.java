package dev.kindling.scheduler;

import java.util.List;
import java.util.Set;

import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import dev.kindling.engine.planner.StagePlanner;
import dev.kindling.engine.spec.JobSpec;
import dev.kindling.state.JobEntity;

/**
 * What a job was planned with, as stored when it was accepted: enough to plan it again
 * exactly (after a restart, or to show the plan that ran) without reading its files.
 */
record StoredInputs(JobSpec pinned, List<JobPlanning.ScanInfo> scans, List<StagePlanner.ScanStats> counts,
		int shufflePartitions, long broadcastThreshold, Set<String> cachedKeys) {

	static StoredInputs read(JobEntity job, JsonMapper json) {
		if (job.getPinnedSpec() == null || job.getScans() == null) {
			throw new IllegalStateException("job " + job.getId() + " has no stored plan inputs");
		}
		JobSpec pinned = json.readValue(job.getPinnedSpec(), JobSpec.class);
		List<JobPlanning.ScanInfo> scans = json.readValue(job.getScans(),
				new TypeReference<List<JobPlanning.ScanInfo>>() {
				});
		List<StagePlanner.ScanStats> counts = scans.stream()
			.map(s -> new StagePlanner.ScanStats(s.splits().size(), s.length(), s.files()))
			.toList();
		Set<String> cached = job.getCachedKeys() == null ? Set.of()
				: Set.copyOf(json.readValue(job.getCachedKeys(), new TypeReference<List<String>>() {
				}));
		return new StoredInputs(pinned, scans, counts, job.getShufflePartitions(), job.getBroadcastThreshold(), cached);
	}

}
