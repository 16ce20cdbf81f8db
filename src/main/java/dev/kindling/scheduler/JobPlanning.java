package dev.kindling.scheduler;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import org.springframework.stereotype.Service;

import dev.kindling.cluster.CacheRegistry;
import dev.kindling.cluster.ExecutorRegistry;
import dev.kindling.engine.datasource.DataRoot;
import dev.kindling.engine.datasource.FileSplit;
import dev.kindling.engine.datasource.csv.CsvOptions;
import dev.kindling.engine.datasource.csv.CsvSplitter;
import dev.kindling.engine.logical.PlanException;
import dev.kindling.engine.logical.Scan;
import dev.kindling.engine.physical.CacheExec;
import dev.kindling.engine.physical.CsvScanExec;
import dev.kindling.engine.physical.PhysicalPlan;
import dev.kindling.engine.planner.JobPlanner;
import dev.kindling.engine.planner.JobPlanner.PlannedJob;
import dev.kindling.engine.planner.StagePlan;
import dev.kindling.engine.planner.StagePlanner;
import dev.kindling.engine.spec.JobConf;
import dev.kindling.engine.spec.JobSpec;
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

	private final DataRoot dataRoot;

	private final KindlingProperties properties;

	private final JobPlanner planner;

	JobPlanning(SourcePinner pinner, ExecutorRegistry registry, CacheRegistry cache, DataRoot dataRoot,
			KindlingProperties properties) {
		this.pinner = pinner;
		this.registry = registry;
		this.cache = cache;
		this.dataRoot = dataRoot;
		this.properties = properties;
		this.planner = new JobPlanner(properties.limits().maxCollectRows());
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
	public record Planned(JobSpec pinned, PlannedJob plan, Map<Integer, List<FileSplit>> stageSplits,
			List<StagePlanner.ScanStats> scanStats, List<ScanInfo> scans, int shufflePartitions,
			List<String> cachedKeys, long broadcastThreshold) {
	}

	/**
	 * The splits chosen for one scan.
	 *
	 * @param key the scan's path and reader options, which decide its splits
	 */
	public record ScanInfo(String path, String key, long length, List<FileSplit> splits) {
	}

	private static String scanKey(String path, Map<String, Object> options) {
		return path + "|" + new java.util.TreeMap<>(options);
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
		JobConf conf = (spec.conf() == null) ? new JobConf(null) : spec.conf();
		JobSpec pinned = this.pinner.pin(spec).withConf(conf.withDefaults(this.properties.sql().ansi().enabled()));
		int slots = Math.max(1, this.registry.totalSlots() > 0 ? this.registry.totalSlots() : defaultSlots());
		int shufflePartitions = this.properties.shuffle().partitions() > 0 ? this.properties.shuffle().partitions()
				: 2 * slots;
		List<ScanInfo> scans = new ArrayList<>();
		List<StagePlanner.ScanStats> counts = new ArrayList<>();
		long broadcast = this.properties.join().broadcastThreshold().toBytes();
		PlannedJob plan = this.planner.plan(pinned, new StagePlanner.Settings(shufflePartitions, (Scan scan) -> {
			Path file = this.pinner.file(scan.path(), "/source/path");
			long length = this.pinner.size(file);
			CsvOptions options = CsvOptions.fromMap(scan.options());
			List<FileSplit> splits = CsvSplitter.plan(length, slots, options.partitions(), !options.splittable(),
					this.properties.limits().minSplitBytes(), this.properties.limits().maxTasksPerStage());
			scans.add(new ScanInfo(scan.path(), scanKey(scan.path(), scan.options()), length, splits));
			StagePlanner.ScanStats stats = new StagePlanner.ScanStats(splits.size(), length);
			counts.add(stats);
			return stats;
		}, Set.of(), broadcast));
		// Cache steps whose every partition is in executor memory are read from there
		// instead.
		Set<String> cached = new HashSet<>();
		for (StagePlan stage : plan.stages()) {
			String key = cacheKey(stage.root());
			if (key != null && this.cache.fullyCached(key, stage.partitions(), sourceVersion(pinned))) {
				cached.add(key);
			}
		}
		if (!cached.isEmpty()) {
			plan = this.planner.plan(pinned, shufflePartitions, counts, cached, broadcast);
		}
		checkTasks(pinned, plan, this.properties.limits());
		return new Planned(pinned, plan, stageSplits(plan, scans), counts, scans, shufflePartitions,
				List.copyOf(cached), broadcast);
	}

	/**
	 * Refuses a plan with more tasks than {@code kindling.limits.max-tasks-per-stage} in
	 * a stage (a shuffle's partitions; a scan's are bounded when split) or
	 * {@code max-tasks-per-job} in all.
	 */
	static void checkTasks(JobSpec spec, PlannedJob plan, KindlingProperties.Limits limits) {
		String at = spec.source().partitions() != null ? "/source/partitions" : "";
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
	 * The size and modification time of a job's source file: a changed file means a stale
	 * cache.
	 */
	String sourceVersion(JobSpec spec) {
		try {
			Path file = this.dataRoot.resolve(spec.source().path());
			return spec.source().path() + "@" + Files.size(file) + "@" + Files.getLastModifiedTime(file).toMillis();
		}
		catch (IOException | RuntimeException ex) {
			return "unreadable";
		}
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
	 * Which splits each scanning stage reads (the same file with the same options splits
	 * the same way).
	 */
	static Map<Integer, List<FileSplit>> stageSplits(PlannedJob plan, List<ScanInfo> scans) {
		Map<Integer, List<FileSplit>> out = new LinkedHashMap<>();
		for (StagePlan stage : plan.stages()) {
			CsvScanExec scan = stage.scan();
			if (scan != null) {
				String key = scanKey(scan.path(), scan.options());
				scans.stream()
					.filter(s -> s.key().equals(key))
					.findFirst()
					.ifPresent(s -> out.put(stage.id(), s.splits()));
			}
		}
		return out;
	}

	/** Creates (or, with mode overwrite, replaces) a write action's output folder. */
	void prepareOutput(JobSpec spec) {
		Path dir;
		try {
			dir = this.dataRoot.resolve(spec.action().path());
		}
		catch (DataRoot.PathRefusedException ex) {
			throw new PlanException("/action/path", ex.getMessage());
		}
		boolean overwrite = "overwrite".equals(spec.action().mode());
		if (Files.exists(dir)) {
			if (!overwrite) {
				throw new PlanException("/action/path", "output path '" + spec.action().path()
						+ "' already exists; set mode to 'overwrite' to replace it");
			}
			deleteRecursively(dir);
		}
		try {
			Files.createDirectories(dir);
		}
		catch (IOException ex) {
			throw new PlanException("/action/path", "cannot create output folder: " + this.dataRoot.describe(ex));
		}
	}

	private void deleteRecursively(Path dir) {
		if (dir.equals(this.dataRoot.root())) {
			throw new PlanException("/action/path", "refusing to overwrite the whole data root");
		}
		try (Stream<Path> walk = Files.walk(dir)) {
			for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
				Files.delete(p);
			}
		}
		catch (IOException ex) {
			throw new PlanException("/action/path", "cannot replace output folder: " + this.dataRoot.describe(ex));
		}
	}

}
