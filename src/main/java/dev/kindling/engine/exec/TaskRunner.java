package dev.kindling.engine.exec;

import java.util.ArrayList;
import java.util.List;

import dev.kindling.engine.cancel.Cancellation;
import dev.kindling.engine.expr.eval.TaskScope;
import dev.kindling.engine.physical.Operator;
import dev.kindling.engine.physical.Operators;
import dev.kindling.engine.physical.RangeBounds;
import dev.kindling.engine.physical.TaskContext;
import dev.kindling.engine.planner.StageOutput;
import dev.kindling.engine.planner.StagePlan;
import dev.kindling.engine.shuffle.MapOutput;
import dev.kindling.engine.shuffle.ShuffleWriter;
import dev.kindling.engine.spec.ActionType;
import dev.kindling.engine.vector.Batch;

/** Runs one stage's plan on one partition and produces its output. */
public final class TaskRunner {

	private TaskRunner() {
	}

	/**
	 * @param writeTarget for a write action, where this attempt writes its files
	 */
	public static TaskOutput run(StagePlan stage, TaskContext context, WriteTarget writeTarget) {
		if (writeTarget == null && stage.output() instanceof StageOutput.Result r && r.action() == ActionType.WRITE) {
			// a write whose output existed, with mode ignore: nothing to write
			return new TaskOutput.Written(List.of(), 0);
		}
		// long loops anywhere in the engine ask the thread whether this task was
		// cancelled; functions such as rand(seed) and monotonically_increasing_id() keep
		// their per-task state in the scope of this task's partition
		return Cancellation.run(context::cancelled,
				() -> TaskScope.run(context.partition(), () -> runHere(stage, context, writeTarget)));
	}

	/** Writes the rows into the shuffle batch by batch, spilling past its memory. */
	private static TaskOutput shuffle(Operator root, ShuffleWriter.Partitioning partitioning, int partitions,
			TaskContext context) {
		ShuffleWriter writer = new ShuffleWriter(root.schema(), partitions, partitioning, context.shuffleMemory(),
				context.shuffleSpillDir());
		MapOutput output;
		try {
			Batch batch;
			while ((batch = root.next()) != null) {
				Cancellation.check();
				context.metrics().rowsOut += batch.rowCount();
				writer.write(batch);
			}
			output = writer.finishOutput();
		}
		catch (RuntimeException | Error ex) {
			writer.abort();
			throw ex;
		}
		context.metrics().shuffleBytesWritten += output.totalBytes();
		context.metrics().shuffleSpills += writer.spills();
		context.metrics().shuffleBytesSpilled += writer.spilledBytes();
		return new TaskOutput.Shuffled(output, writer.rows());
	}

	private static TaskOutput runHere(StagePlan stage, TaskContext context, WriteTarget writeTarget) {
		try (Operator root = Operators.build(stage.root(), context)) {
			if (stage.output() instanceof StageOutput.Shuffle shuffle) {
				return shuffle(root,
						ShuffleWriter.partitioning(shuffle.boundKeys(), shuffle.partitions(), shuffle.direct()),
						shuffle.partitions(), context);
			}
			if (stage.output() instanceof StageOutput.Range range) {
				// every map task reads the same samples in the same order: the same
				// bounds
				List<Batch> samples = new ArrayList<>();
				context.shuffleInput(range.sample().stageId()).forEachRemaining(samples::add);
				RangeBounds bounds = RangeBounds.fromSamples(samples, range.keys(), range.partitions());
				return shuffle(root, (batch, out) -> bounds.assign(range.boundKeys(), batch, out), range.partitions(),
						context);
			}
			StageOutput.Result result = (StageOutput.Result) stage.output();
			return switch (result.action()) {
				case COUNT -> {
					long n = 0;
					Batch batch;
					while ((batch = root.next()) != null) {
						Cancellation.check();
						n += batch.rowCount();
					}
					context.metrics().rowsOut = n;
					yield new TaskOutput.Count(n);
				}
				case WRITE -> {
					List<String> files;
					long n;
					try (OutputWriter writer = new OutputWriter(context.storage(), writeTarget, root.schema())) {
						Batch batch;
						while ((batch = root.next()) != null) {
							Cancellation.check();
							writer.write(batch);
						}
						if (writeTarget.partition() == 0) {
							writer.ensureFile();
						}
						files = writer.files();
						n = writer.rows();
					}
					context.metrics().rowsOut = n;
					yield new TaskOutput.Written(files, n);
				}
				default -> {
					// rows count against the job's result budget as they are made: past
					// it, the task stops instead of shipping what the driver would refuse
					long budget = context.resultBudgetBytes();
					long bytes = 0;
					List<Object[]> rows = new ArrayList<>();
					Batch batch;
					while ((batch = root.next()) != null) {
						Cancellation.check();
						for (int i = 0; i < batch.rowCount(); i++) {
							Object[] row = batch.row(i);
							bytes += ResultSize.of(row);
							if (bytes > budget) {
								throw new ResultTooLargeException(bytes, budget);
							}
							rows.add(row);
						}
					}
					context.metrics().rowsOut = rows.size();
					yield new TaskOutput.Rows(root.schema(), rows);
				}
			};
		}
	}

}
