package dev.kindling.cluster;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import dev.kindling.platform.DriverRole;

/**
 * Where every cached partition lives. Filled from task reports, corrected by each
 * executor's heartbeat (evicted blocks disappear), emptied of an executor's blocks when
 * it is lost. A dataset is readable from cache only when every one of its partitions is
 * on a live executor.
 */
@Component
@DriverRole
public class CacheRegistry {

	/**
	 * A cached dataset as the API shows it.
	 *
	 * @param key the cache key (source and pipeline prefix)
	 * @param description the job and step that cached it
	 * @param partitions how many partitions the dataset has
	 * @param cachedPartitions how many of them are in memory now
	 * @param bytes their size in memory
	 * @param rows their rows
	 * @param locations which executor holds each cached partition
	 * @param cachedAt when it was first cached
	 */
	public record CachedDataset(String key, String description, int partitions, int cachedPartitions, long bytes,
			long rows, Map<Integer, String> locations, Instant cachedAt) {
	}

	private record Block(String executorId, long bytes, long rows) {
	}

	private static final class Entry {

		final String key;

		final String description;

		final int partitions;

		final Instant cachedAt;

		final String sourceVersion;

		final Map<Integer, Block> blocks = new ConcurrentHashMap<>();

		Entry(String key, String description, int partitions, Instant cachedAt, String sourceVersion) {
			this.key = key;
			this.description = description;
			this.partitions = partitions;
			this.cachedAt = cachedAt;
			this.sourceVersion = sourceVersion;
		}

	}

	private final Map<String, Entry> entries = new ConcurrentHashMap<>();

	private final ExecutorRegistry executors;

	public CacheRegistry(ExecutorRegistry executors) {
		this.executors = executors;
		executors.onCachedBlocks(this::reconcile);
	}

	/**
	 * Records a partition an executor cached. {@code sourceVersion} identifies the source
	 * file's content (its size and modification time), so a changed file is never
	 * answered from cache.
	 */
	public void add(String key, String description, int partitions, int partition, String executorId, long bytes,
			long rows, String sourceVersion) {
		Entry e = this.entries.compute(key, (k, old) -> old != null && old.sourceVersion.equals(sourceVersion) ? old
				: new Entry(k, description, partitions, Instant.now(), sourceVersion));
		if (e.partitions == partitions) {
			e.blocks.put(partition, new Block(executorId, bytes, rows));
		}
	}

	/**
	 * Whether all {@code partitions} of the dataset, from this version of its source, are
	 * on live executors.
	 */
	public boolean fullyCached(String key, int partitions, String sourceVersion) {
		Entry e = this.entries.get(key);
		if (e != null && !e.sourceVersion.equals(sourceVersion)) {
			remove(key);
			return false;
		}
		if (e == null || e.partitions != partitions || e.blocks.size() != partitions) {
			return false;
		}
		return e.blocks.values().stream().allMatch(b -> this.executors.isAlive(b.executorId()));
	}

	/** The executor holding a cached partition, if any. */
	public Optional<String> location(String key, int partition) {
		Entry e = this.entries.get(key);
		Block b = e == null ? null : e.blocks.get(partition);
		return b == null ? Optional.empty() : Optional.of(b.executorId());
	}

	/**
	 * A cached partition a decommissioned executor handed to another: later jobs read it
	 * there. Ignored unless the partition is recorded on {@code from}.
	 * @return whether it was recorded
	 */
	public boolean moved(String key, int partition, String from, String to, long bytes, long rows) {
		Entry e = this.entries.get(key);
		if (e == null || !this.executors.isAlive(to)) {
			return false;
		}
		boolean[] moved = { false };
		e.blocks.computeIfPresent(partition, (p, b) -> {
			moved[0] = b.executorId().equals(from);
			return moved[0] ? new Block(to, bytes, rows) : b;
		});
		return moved[0];
	}

	/** Forgets blocks an executor no longer reports (evicted). */
	void reconcile(String executorId, List<String> held) {
		if (held == null) {
			return;
		}
		Set<String> present = new HashSet<>(held);
		for (Entry e : this.entries.values()) {
			e.blocks.entrySet()
				.removeIf(b -> b.getValue().executorId().equals(executorId)
						&& !present.contains(e.key + "/" + b.getKey()));
		}
	}

	@EventListener
	void onExecutorRemoved(ExecutorEvents.Removed removed) {
		for (Entry e : this.entries.values()) {
			e.blocks.values().removeIf(b -> b.executorId().equals(removed.executorId()));
		}
	}

	public List<CachedDataset> list() {
		List<CachedDataset> out = new ArrayList<>();
		for (Entry e : this.entries.values()) {
			Map<Integer, String> locations = new java.util.TreeMap<>();
			long bytes = 0;
			long rows = 0;
			for (Map.Entry<Integer, Block> b : e.blocks.entrySet()) {
				locations.put(b.getKey(), b.getValue().executorId());
				bytes += b.getValue().bytes();
				rows += b.getValue().rows();
			}
			out.add(new CachedDataset(e.key, e.description, e.partitions, e.blocks.size(), bytes, rows, locations,
					e.cachedAt));
		}
		out.sort(Comparator.comparing(CachedDataset::cachedAt).reversed());
		return out;
	}

	/**
	 * Unpersists a dataset: forgotten here, dropped by every executor at its next
	 * heartbeat.
	 */
	public boolean remove(String key) {
		Entry e = this.entries.remove(key);
		if (e == null) {
			return false;
		}
		this.executors.dropCache(key);
		return true;
	}

}
