package dev.kindling.engine.exec;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.kindling.engine.physical.TaskContext;
import dev.kindling.engine.physical.TaskMetrics;
import dev.kindling.engine.planner.JobPlanner;
import dev.kindling.engine.planner.StagePlan;
import dev.kindling.engine.spec.ActionSpec;
import dev.kindling.engine.spec.JobSpec;
import dev.kindling.engine.spec.SourceSpec;
import dev.kindling.engine.vector.Batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A collect's task counts its rows against the result budget it was given and stops
 * producing past it, before holding more than one row beyond it.
 */
class ResultBudgetTest {

	@TempDir
	Path root;

	private StagePlan collectStage() throws IOException {
		StringBuilder csv = new StringBuilder("id,s\n");
		for (int i = 0; i < 100; i++) {
			csv.append(i).append(',').append("x".repeat(1000)).append('\n');
		}
		Files.writeString(this.root.resolve("wide.csv"), csv);
		JobSpec spec = new JobSpec("t", SourceSpec.of("csv", "wide.csv", true, false, "id INT, s STRING"), List.of(),
				ActionSpec.collect());
		List<StagePlan> stages = new JobPlanner(100_000).plan(spec, 1, scan -> 1).stages();
		assertThat(stages).hasSize(1);
		return stages.get(0);
	}

	private TaskContext context(long budget, TaskMetrics metrics) {
		return new TaskContext() {

			@Override
			public dev.kindling.engine.storage.Storage storage() {
				return new dev.kindling.engine.datasource.LocalStorage(
						new dev.kindling.engine.datasource.DataRoot(ResultBudgetTest.this.root));
			}

			@Override
			public dev.kindling.engine.datasource.ScanPartition split() {
				try {
					long size = Files.size(ResultBudgetTest.this.root.resolve("wide.csv"));
					return new dev.kindling.engine.datasource.ScanPartition(0, List
						.of(new dev.kindling.engine.datasource.FilePiece("wide.csv", 0, size, size, List.of())));
				}
				catch (IOException ex) {
					throw new java.io.UncheckedIOException(ex);
				}
			}

			@Override
			public Iterator<Batch> shuffleInput(int stageId) {
				throw new UnsupportedOperationException();
			}

			@Override
			public TaskMetrics metrics() {
				return metrics;
			}

			@Override
			public long resultBudgetBytes() {
				return budget;
			}

		};
	}

	@Test
	void aTaskWhoseRowsPassTheBudgetStopsAndSaysHowFarItGot() throws IOException {
		StagePlan stage = collectStage();
		// a row is [id,"x…x"] plus its comma: 1,008 or so bytes; 100 of them do not fit
		// in 50,000
		assertThatThrownBy(() -> TaskRunner.run(stage, context(50_000, new TaskMetrics()), null))
			.isInstanceOfSatisfying(ResultTooLargeException.class, ex -> {
				assertThat(ex.budget()).isEqualTo(50_000);
				assertThat(ex.bytes()).isGreaterThan(50_000).isLessThan(50_000 + 1_100);
			});
	}

	@Test
	void aTaskWithinItsBudgetReturnsEveryRow() throws IOException {
		StagePlan stage = collectStage();
		TaskOutput out = TaskRunner.run(stage, context(200_000, new TaskMetrics()), null);
		assertThat(((TaskOutput.Rows) out).rows()).hasSize(100);
	}

	@Test
	void theSizeOfARowIsItsJsonText() {
		Object[] row = { 12, "a\"b", null, new BigDecimal("12.30"), true, 1.5d, "tab\there", "bell\u0007" };
		String json = "[12,\"a\\\"b\",null,\"12.30\",true,1.5,\"tab\\there\",\"bell\\u0007\"],";
		assertThat(ResultSize.of(row)).isEqualTo(json.length());
	}

}
