package dev.kindling.engine.exec;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.kindling.engine.datasource.DataRoot;
import dev.kindling.engine.datasource.FilePiece;
import dev.kindling.engine.datasource.FileSplit;
import dev.kindling.engine.datasource.LocalStorage;
import dev.kindling.engine.datasource.ScanPartition;
import dev.kindling.engine.datasource.SourceOptions;
import dev.kindling.engine.datasource.csv.CsvOptions;
import dev.kindling.engine.datasource.csv.CsvSplitter;
import dev.kindling.engine.physical.FileScanExec;
import dev.kindling.engine.physical.ShuffleReadExec;
import dev.kindling.engine.physical.TaskContext;
import dev.kindling.engine.physical.TaskMetrics;
import dev.kindling.engine.planner.JobPlanner;
import dev.kindling.engine.planner.StagePlan;
import dev.kindling.engine.planner.StagePlanner;
import dev.kindling.engine.shuffle.ShuffleBlocks;
import dev.kindling.engine.spec.JobSpec;
import dev.kindling.engine.storage.Storage;
import dev.kindling.engine.types.Schema;
import dev.kindling.engine.vector.Batch;

/**
 * Runs a whole job (pinned schemas) in process through the real planner: every stage and
 * task, map tasks writing shuffle blocks through the codec and reduce tasks decoding
 * them, broadcasts included. For engine tests of plans that need more than one stage.
 */
public final class LocalJobRunner {

	/** The result: the schema and rows, or the count. */
	public record Result(Schema schema, List<Object[]> rows, JobPlanner.PlannedJob plan) {
	}

	private final Path root;

	private final int slots;

	private final int shufflePartitions;

	private final long broadcastThreshold;

	/**
	 * @param slots the splits a file is cut into at most (Spark's rule on this many
	 * slots)
	 * @param broadcastThreshold join sides up to this many file bytes are broadcast (-1:
	 * never)
	 */
	public LocalJobRunner(Path root, int slots, int shufflePartitions, long broadcastThreshold) {
		this(root, slots, shufflePartitions, broadcastThreshold, Long.MAX_VALUE);
	}

	/**
	 * @param sortMemory what each task's sorts, aggregations and join build sides hold
	 * before they spill
	 */
	public LocalJobRunner(Path root, int slots, int shufflePartitions, long broadcastThreshold, long sortMemory) {
		this.root = root;
		this.slots = slots;
		this.shufflePartitions = shufflePartitions;
		this.broadcastThreshold = broadcastThreshold;
		this.sortMemory = sortMemory;
	}

	private final long sortMemory;

	private long spills;

	/** How often the tasks run so far spilled (their {@link TaskMetrics#spills}). */
	public long spills() {
		return this.spills;
	}

	private long size(String path) {
		try {
			return Files.size(this.root.resolve(path));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	public Result run(JobSpec spec) {
		Map<String, List<FileSplit>> splitsOf = new HashMap<>();
		JobPlanner.PlannedJob job = new JobPlanner(100_000).plan(spec,
				new StagePlanner.Settings(this.shufflePartitions, scan -> {
					try {
						CsvOptions options = CsvOptions.fromMap(SourceOptions.readerOptions(scan.options()));
						List<FileSplit> s = CsvSplitter.plan(Files.size(this.root.resolve(scan.path())), this.slots,
								options.partitions(), options.multiLine());
						splitsOf.put(scan.path(), s);
						return new StagePlanner.ScanStats(s.size(), Files.size(this.root.resolve(scan.path())));
					}
					catch (IOException ex) {
						throw new UncheckedIOException(ex);
					}
				}, Set.of(), this.broadcastThreshold));
		Map<Integer, List<byte[][]>> shuffles = new HashMap<>();
		List<Object[]> result = new ArrayList<>();
		Schema schema = null;
		for (StagePlan stage : job.stages()) {
			Map<Integer, ShuffleReadExec> reads = new HashMap<>();
			for (ShuffleReadExec read : stage.shuffleReads()) {
				reads.put(read.stageId(), read);
			}
			FileScanExec scan = stage.scan();
			List<byte[][]> blocks = new ArrayList<>();
			for (int p = 0; p < stage.partitions(); p++) {
				int partition = p;
				FileSplit range = scan == null ? null : splitsOf.get(scan.path()).get(p);
				long size = scan == null ? 0 : size(scan.path());
				ScanPartition split = range == null ? null : new ScanPartition(p,
						List.of(new FilePiece(scan.path(), range.start(), range.length(), size, List.of())));
				TaskContext context = new TaskContext() {

					final TaskMetrics metrics = new TaskMetrics();

					@Override
					public Storage storage() {
						return new LocalStorage(new DataRoot(LocalJobRunner.this.root));
					}

					@Override
					public ScanPartition split() {
						return split;
					}

					@Override
					public Iterator<Batch> shuffleInput(int stageId) {
						ShuffleReadExec read = reads.get(stageId);
						int block = read.broadcast() ? 0 : partition;
						List<Batch> batches = new ArrayList<>();
						for (byte[][] mapOutput : shuffles.get(stageId)) {
							ShuffleBlocks.decode(mapOutput[block], read.schema()).forEachRemaining(batches::add);
						}
						return batches.iterator();
					}

					@Override
					public TaskMetrics metrics() {
						return this.metrics;
					}

					@Override
					public long sortMemoryBytes() {
						return LocalJobRunner.this.sortMemory;
					}

				};
				TaskOutput out = TaskRunner.run(stage, context, null);
				this.spills += context.metrics().spills;
				if (out instanceof TaskOutput.Shuffled s) {
					blocks.add(s.blocks());
				}
				else if (out instanceof TaskOutput.Rows r) {
					schema = r.schema();
					result.addAll(r.rows());
				}
				else if (out instanceof TaskOutput.Count c) {
					result.add(new Object[] { c.count() });
				}
			}
			shuffles.put(stage.id(), blocks);
		}
		return new Result(schema, result, job);
	}

}
