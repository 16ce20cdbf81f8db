package dev.kindling.scheduler;

import java.io.IOException;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.springframework.stereotype.Service;

import dev.kindling.cluster.CacheRegistry;
import dev.kindling.cluster.ExecutorRegistry;
import dev.kindling.engine.datasource.FileFormat;
import dev.kindling.engine.datasource.FilePlanner;
import dev.kindling.engine.datasource.PartitionPruning;
import dev.kindling.engine.datasource.ScanPartition;
import dev.kindling.engine.datasource.SourceFiles.DataFile;
import dev.kindling.engine.datasource.SourceFiles.Listing;
import dev.kindling.engine.datasource.SourceOptions;
import dev.kindling.engine.datasource.Storages;
import dev.kindling.engine.datasource.formats.Formats;
import dev.kindling.engine.expr.Expr;
import dev.kindling.engine.expr.eval.Session;
import dev.kindling.engine.logical.PlanException;
import dev.kindling.engine.logical.Scan;
import dev.kindling.engine.physical.CacheExec;
import dev.kindling.engine.physical.FileScanExec;
import dev.kindling.engine.physical.PhysicalPlan;
import dev.kindling.engine.planner.JobPlanner;
import dev.kindling.engine.planner.JobPlanner.PlannedJob;
import dev.kindling.engine.planner.StagePlan;
import dev.kindling.engine.planner.StagePlanner;
import dev.kindling.engine.spec.JobConf;
import dev.kindling.engine.spec.JobSpec;
import dev.kindling.engine.spec.SessionSpec;
import dev.kindling.platform.DriverRole;
import dev.kindling.platform.KindlingProperties;

/**
 * Everything decided about a job before it is accepted, with no scheduling state: the
 * limits checked, the sources pinned (schema and size), the splits chosen from the
 * cluster's slots, the stages planned (reading fully cached datasets from executor
 * memory), and a write's output folder prepared. A dry run stops here.
 */
@Service
@DriverRole
public class JobPlanning {

	private final SourcePinner pinner;

	private final ExecutorRegistry registry;

	private final CacheRegistry cache;

	private final Storages storages;

	private final KindlingProperties properties;

	private final JobPlanner planner;

	private final WriteGuard writes;

	JobPlanning(SourcePinner pinner, ExecutorRegistry registry, CacheRegistry cache, Storages storages,
			KindlingProperties properties, WriteGuard writes) {
		this.pinner = pinner;
		this.registry = registry;
		this.cache = cache;
		this.storages = storages;
		this.properties = properties;
		this.writes = writes;
		this.planner = new JobPlanner(properties.limits().maxCollectRows());
		try {
			Session.zone(properties.sql().sessionTimeZone());
		}
		catch (DateTimeException ex) {
			throw new IllegalStateException(
					"kindling.sql.session-time-zone names no time zone: '" + properties.sql().sessionTimeZone() + "'",
					ex);
		}
	}

	/**
	 * Plans a job again from what was stored when it was accepted, reading no file: the
	 * same inputs give the same plan.
	 */
	PlannedJob replan(JobSpec pinned, int shufflePartitions, List<StagePlanner.ScanStats> scans, Set<String> cachedKeys,
			long broadcastThreshold) {
		return this.planner.plan(pinned, shufflePartitions, scans, cachedKeys, broadcastThreshold);
	}

	/** The outcome of planning a job without running it. */
	public record Planned(JobSpec pinned, PlannedJob plan, Map<Integer, List<ScanPartition>> stageSplits,
			List<StagePlanner.ScanStats> scanStats, List<ScanInfo> scans, int shufflePartitions,
			List<String> cachedKeys, long broadcastThreshold, String sourceVersion) {
	}

	/**
	 * The files and splits chosen for one scan, pinned when the job is accepted: the
	 * executors read exactly these files, at these sizes.
	 *
	 * @param key the scan's path, reader options and pushed filters, which decide its
	 * splits
	 * @param length the bytes of the files read
	 * @param splits the tasks' pieces of files
	 * @param files what is read, for the plan (the files, and the partition pruning)
	 */
	public record ScanInfo(String path, String key, long length, List<ScanPartition> splits, String files) {
	}

	private static String scanKey(String path, Map<String, Object> options, List<Expr> filters) {
		return path + "|" + new java.util.TreeMap<>(options) + "|"
				+ filters.stream().map(Expr::sql).collect(Collectors.joining(" AND "));
	}

	/**
	 * Validates and plans a job: pins the sources, checks every step, chooses the splits.
	 * @throws PlanException naming the field at fault
	 */
	public Planned plan(JobSpec spec) {
		if (spec.pipeline().size() > this.properties.limits().maxPipelineSteps()) {
			throw new PlanException("/pipeline", "pipeline has " + spec.pipeline().size()
					+ " steps, more than the limit of " + this.properties.limits().maxPipelineSteps());
		}
		SourcePinner.Pinned sources = this.pinner.pin(spec);
		JobSpec pinned = this.writes.pin(sources.spec(), sources.listings().keySet());
		// ANSI mode from the job's session, else its conf, else the driver's default; the
		// session, with the instant current_timestamp() returns, is fixed now
		Boolean asked = (spec.session() != null && spec.session().ansiEnabled() != null) ? spec.session().ansiEnabled()
				: (spec.conf() != null) ? spec.conf().ansi() : null;
		boolean ansi = (asked != null) ? asked : this.properties.sql().ansi().enabled();
		SessionSpec session = (spec.session() != null) ? spec.session() : new SessionSpec(null, null, null);
		pinned = pinned.withConf(new JobConf(ansi))
			.withSession(session.pinned(this.properties.sql().sessionTimeZone(), ansi, Instant.now().toString()));
		int slots = Math.max(1, this.registry.totalSlots() > 0 ? this.registry.totalSlots() : defaultSlots());
		int shufflePartitions = this.properties.shuffle().partitions() > 0 ? this.properties.shuffle().partitions()
				: 2 * slots;
		List<ScanInfo> scans = new ArrayList<>();
		List<StagePlanner.ScanStats> counts = new ArrayList<>();
		long broadcast = this.properties.join().broadcastThreshold().toBytes();
		PlannedJob plan = this.planner.plan(pinned, new StagePlanner.Settings(shufflePartitions, (Scan scan) -> {
			Listing listing = sources.listings().get(scan.path());
			if (listing == null) {
				listing = this.pinner.listing(scan.path(), "/source/path");
			}
			ScanInfo info = scanInfo(scan, listing, slots);
			scans.add(info);
			StagePlanner.ScanStats stats = new StagePlanner.ScanStats(info.splits().size(), info.length(),
					info.files());
			counts.add(stats);
			return stats;
		}, Set.of(), broadcast));
		String version = sourceVersion(pinned, sources.listings());
		// Cache steps whose every partition is in executor memory are read from there
		// instead.
		Set<String> cached = new HashSet<>();
		for (StagePlan stage : plan.stages()) {
			String key = cacheKey(stage.root());
			if (key != null && this.cache.fullyCached(key, stage.partitions(), version)) {
				cached.add(key);
			}
		}
		if (!cached.isEmpty()) {
			plan = this.planner.plan(pinned, shufflePartitions, counts, cached, broadcast);
		}
		checkTasks(pinned, plan, this.properties.limits());
		return new Planned(pinned, plan, stageSplits(plan, scans), counts, scans, shufflePartitions,
				List.copyOf(cached), broadcast, version);
	}

	/**
	 * The files a scan reads (its partition folders pruned by its filters) and its tasks.
	 */
	private ScanInfo scanInfo(Scan scan, Listing listing, int slots) {
		Map<String, Object> options = scan.options();
		int partitionCount = SourceOptions.partitionColumns(options).size();
		PartitionPruning.Pruned pruned = PartitionPruning.prune(listing.files(), scan.fileSchema(), partitionCount,
				scan.filters());
		FileFormat format = Formats.of(SourceOptions.format(options));
		Map<String, Object> reader = SourceOptions.readerOptions(options);
		Object wanted = reader.get("partitions");
		Integer partitions = wanted == null ? null : Integer.valueOf(wanted.toString());
		List<ScanPartition> splits = FilePlanner.plan(pruned.files(), f -> format.splittable(reader, f.path()), slots,
				partitions, this.properties.limits().minSplitBytes(), this.properties.limits().maxTasksPerStage());
		long bytes = pruned.files().stream().mapToLong(DataFile::size).sum();
		return new ScanInfo(scan.path(), scanKey(scan.path(), options, scan.filters()), bytes, splits,
				describe(listing, pruned));
	}

	/** What a scan reads, for the plan: its files (a few named) and the pruning. */
	static String describe(Listing listing, PartitionPruning.Pruned pruned) {
		if (!listing.folder()) {
			return null;
		}
		StringBuilder sb = new StringBuilder("Files: ").append(pruned.files().size());
		if (pruned.files().size() != listing.files().size()) {
			sb.append(" of ").append(listing.files().size());
		}
		sb.append(" [");
		int shown = Math.min(3, pruned.files().size());
		for (int i = 0; i < shown; i++) {
			sb.append(i > 0 ? ", " : "").append(pruned.files().get(i).path());
		}
		sb.append(pruned.files().size() > shown ? ", ...]" : "]");
		if (!listing.partitionColumns().isEmpty()) {
			sb.append(" PartitionColumns: [")
				.append(listing.partitionColumns().stream().map(f -> f.name()).collect(Collectors.joining(", ")))
				.append(']');
		}
		if (!pruned.filters().isEmpty()) {
			sb.append(" PartitionFilters: [")
				.append(pruned.filters().stream().map(Expr::sql).collect(Collectors.joining(", ")))
				.append(']');
		}
		return sb.toString();
	}

	/**
	 * Refuses a plan with more tasks than {@code kindling.limits.max-tasks-per-stage} in
	 * a stage (a shuffle's partitions; a scan's are bounded when split) or
	 * {@code max-tasks-per-job} in all.
	 */
	static void checkTasks(JobSpec spec, PlannedJob plan, KindlingProperties.Limits limits) {
		String at = spec.source() != null && spec.source().partitions() != null ? "/source/partitions" : "";
		long total = 0;
		for (StagePlan stage : plan.stages()) {
			if (stage.partitions() > limits.maxTasksPerStage()) {
				throw new PlanException(at,
						"stage " + stage.id() + " would run " + stage.partitions()
								+ " tasks, more than kindling.limits.max-tasks-per-stage (" + limits.maxTasksPerStage()
								+ "); lower kindling.shuffle.partitions or raise the limit");
			}
			total += stage.partitions();
		}
		if (total > limits.maxTasksPerJob()) {
			throw new PlanException(at,
					"the job would run " + total + " tasks in " + plan.stages().size()
							+ " stages, more than kindling.limits.max-tasks-per-job (" + limits.maxTasksPerJob()
							+ "); ask for fewer partitions");
		}
	}

	/**
	 * What a job's main source holds, as a version: its files' count, bytes and latest
	 * modification. A changed file means a stale cache.
	 */
	String sourceVersion(JobSpec spec, Map<String, Listing> listings) {
		if (spec.source() == null || spec.source().path() == null) {
			return "none";
		}
		Listing listing = listings.get(spec.source().path());
		if (listing == null) {
			try {
				listing = dev.kindling.engine.datasource.SourceFiles.list(this.storages, spec.source().path());
			}
			catch (IOException | RuntimeException ex) {
				return "unreadable";
			}
		}
		long latest = listing.files().stream().mapToLong(DataFile::modifiedMillis).max().orElse(0);
		return spec.source().path() + "@" + listing.files().size() + "@" + listing.bytes() + "@" + latest;
	}

	/** The source version of a job resumed after a restart, read from its files now. */
	String sourceVersion(JobSpec spec) {
		return sourceVersion(spec, Map.of());
	}

	private static String cacheKey(PhysicalPlan plan) {
		if (plan instanceof CacheExec c) {
			return c.key();
		}
		for (PhysicalPlan child : plan.children()) {
			String key = cacheKey(child);
			if (key != null) {
				return key;
			}
		}
		return null;
	}

	private int defaultSlots() {
		return this.properties.role() == KindlingProperties.Role.LOCAL
				? Math.max(1, this.properties.local().executors()) * this.properties.executor().effectiveSlots() : 2;
	}

	/**
	 * Which splits each scanning stage reads (the same files, options and filters split
	 * the same way).
	 */
	static Map<Integer, List<ScanPartition>> stageSplits(PlannedJob plan, List<ScanInfo> scans) {
		Map<Integer, List<ScanPartition>> out = new LinkedHashMap<>();
		for (StagePlan stage : plan.stages()) {
			FileScanExec scan = stage.scan();
			if (scan != null) {
				String key = scanKey(scan.path(), scan.options(), scan.filters());
				scans.stream()
					.filter(s -> s.key().equals(key))
					.findFirst()
					.ifPresent(s -> out.put(stage.id(), s.splits()));
			}
		}
		return out;
	}

}
