package dev.kindling.engine.exec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.kindling.engine.datasource.DataRoot;
import dev.kindling.engine.datasource.FilePiece;
import dev.kindling.engine.datasource.FileSplit;
import dev.kindling.engine.datasource.LocalStorage;
import dev.kindling.engine.datasource.ScanPartition;
import dev.kindling.engine.storage.Storage;
import dev.kindling.engine.datasource.csv.CsvSplitter;
import dev.kindling.engine.physical.FileScanExec;
import dev.kindling.engine.physical.ShuffleReadExec;
import dev.kindling.engine.physical.TaskContext;
import dev.kindling.engine.physical.TaskMetrics;
import dev.kindling.engine.planner.JobPlanner;
import dev.kindling.engine.planner.StagePlan;
import dev.kindling.engine.shuffle.ShuffleBlocks;
import dev.kindling.engine.spec.ActionSpec;
import dev.kindling.engine.spec.JobSpec;
import dev.kindling.engine.spec.SourceSpec;
import dev.kindling.engine.spec.StepSpec;
import dev.kindling.engine.types.Schema;
import dev.kindling.engine.vector.Batch;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs whole jobs through the real planner, every stage and task in process: map tasks
 * write shuffle blocks through the codec, reduce tasks decode them. A job cut into
 * several splits and shuffle partitions must give the same rows as the same job run as
 * one task with no shuffle.
 */
class StagedJobTest {

	@TempDir
	Path root;

	static final String PEOPLE = "id INT, city STRING, age INT, salary DOUBLE";

	static final String CITIES = "name STRING, country STRING, pop INT";

	static final String[] CITY_NAMES = { "Oslo", "Bergen", "Rome", "Turin", "Lyon", "Tromsø", "Ålesund", "Nowhere" };

	void writeData(int people) throws IOException {
		Random random = new Random(8);
		StringBuilder sb = new StringBuilder("id,city,age,salary\n");
		for (int i = 0; i < people; i++) {
			String city = random.nextInt(10) == 0 ? "" : CITY_NAMES[random.nextInt(CITY_NAMES.length)];
			String age = random.nextInt(12) == 0 ? "" : Integer.toString(18 + random.nextInt(60));
			sb.append(i)
				.append(',')
				.append(city)
				.append(',')
				.append(age)
				.append(',')
				.append(random.nextInt(2000) * 50.0)
				.append('\n');
		}
		Files.writeString(this.root.resolve("people.csv"), sb);
		Files.writeString(this.root.resolve("cities.csv"), "name,country,pop\nOslo,NO,700000\nBergen,NO,290000\n"
				+ "Rome,IT,2800000\nTurin,IT,850000\nLyon,FR,520000\nParis,FR,2100000\n,XX,1\n");
	}

	static SourceSpec csv(String path, String schema) {
		return SourceSpec.of("csv", path, true, false, schema);
	}

	static StepSpec join(String path, String schema, List<String> on, String condition, String type) {
		return new StepSpec("join", condition, null, null, null, null, null,
				new StepSpec.RightSpec(csv(path, schema), List.of()), on, null == type ? "inner" : type, null);
	}

	/** Runs every stage of the job; returns the result rows in partition order. */
	List<Object[]> run(JobSpec spec, int splits, int shufflePartitions) throws IOException {
		Map<String, List<FileSplit>> splitsOf = new HashMap<>();
		JobPlanner.PlannedJob job = new JobPlanner(100_000).plan(spec, shufflePartitions, scan -> {
			try {
				List<FileSplit> s = CsvSplitter.plan(Files.size(this.root.resolve(scan.path())), 1, splits, false);
				splitsOf.put(scan.path(), s);
				return s.size();
			}
			catch (IOException ex) {
				throw new IllegalStateException(ex);
			}
		});
		Map<Integer, List<byte[][]>> shuffles = new HashMap<>();
		List<Object[]> result = new ArrayList<>();
		for (StagePlan stage : job.stages()) {
			Map<Integer, Schema> readSchemas = new HashMap<>();
			java.util.Set<Integer> broadcast = new java.util.HashSet<>();
			for (ShuffleReadExec read : stage.shuffleReads()) {
				readSchemas.put(read.stageId(), read.schema());
				if (read.broadcast()) {
					broadcast.add(read.stageId());
				}
			}
			FileScanExec scan = stage.scan();
			List<byte[][]> blocks = new ArrayList<>();
			for (int p = 0; p < stage.partitions(); p++) {
				int partition = p;
				FileSplit range = scan == null ? null : splitsOf.get(scan.path()).get(p);
				long size = scan == null ? 0 : Files.size(this.root.resolve(scan.path()));
				ScanPartition split = range == null ? null : new ScanPartition(p,
						List.of(new FilePiece(scan.path(), range.start(), range.length(), size, List.of())));
				TaskContext context = new TaskContext() {

					final TaskMetrics metrics = new TaskMetrics();

					@Override
					public Storage storage() {
						return new LocalStorage(new DataRoot(StagedJobTest.this.root));
					}

					@Override
					public ScanPartition split() {
						return split;
					}

					@Override
					public Iterator<Batch> shuffleInput(int stageId) {
						List<Batch> batches = new ArrayList<>();
						for (byte[][] mapOutput : shuffles.get(stageId)) {
							ShuffleBlocks
								.decode(mapOutput[broadcast.contains(stageId) ? 0 : partition],
										readSchemas.get(stageId))
								.forEachRemaining(batches::add);
						}
						return batches.iterator();
					}

					@Override
					public TaskMetrics metrics() {
						return this.metrics;
					}

					@Override
					public int partition() {
						return partition;
					}

				};
				TaskOutput out = TaskRunner.run(stage, context, null);
				if (out instanceof TaskOutput.Shuffled s) {
					blocks.add(s.blocks());
				}
				else if (out instanceof TaskOutput.Rows r) {
					result.addAll(r.rows());
				}
				else if (out instanceof TaskOutput.Count c) {
					result.add(new Object[] { c.count() });
				}
			}
			shuffles.put(stage.id(), blocks);
		}
		return result;
	}

	static List<List<Object>> sorted(List<Object[]> rows) {
		TreeMap<String, List<List<Object>>> byText = new TreeMap<>();
		for (Object[] row : rows) {
			List<Object> list = java.util.Arrays.asList(row);
			byText.computeIfAbsent(list.toString(), x -> new ArrayList<>()).add(list);
		}
		List<List<Object>> out = new ArrayList<>();
		byText.values().forEach(out::addAll);
		return out;
	}

	JobSpec job(List<StepSpec> pipeline) {
		return new JobSpec("t", csv("people.csv", PEOPLE), pipeline, ActionSpec.collect());
	}

	@Test
	void aGroupedAggregateGivesTheSameRowsWhetherShuffledOrNot() throws IOException {
		writeData(20_000);
		JobSpec spec = job(List.of(StepSpec.filter("salary > 1000"),
				StepSpec.groupBy(List.of("city", "age % 3 AS bucket"), List.of("count(*) AS n", "count(age) AS ages",
						"sum(age) AS total", "avg(salary) AS pay", "min(city) AS first", "max(salary) AS top"))));
		List<Object[]> oneTask = run(spec, 1, 1);
		List<Object[]> shuffled = run(spec, 4, 5);
		assertThat(oneTask).hasSize(9 * 4);
		assertThat(sorted(shuffled)).isEqualTo(sorted(oneTask));
	}

	@Test
	void aGlobalAggregateAndCountDistinctGiveTheSameRowsWhetherShuffledOrNot() throws IOException {
		writeData(20_000);
		JobSpec spec = job(List.of(StepSpec.groupBy(List.of(),
				List.of("count(*) AS n", "avg(age) AS a", "max(city) AS c", "count(DISTINCT city) AS cities"))));
		List<Object[]> oneTask = run(spec, 1, 1);
		assertThat(oneTask).hasSize(1);
		assertThat(oneTask.get(0)[0]).isEqualTo(20_000L);
		assertThat(oneTask.get(0)[3]).isEqualTo(8L);
		assertThat(sorted(run(spec, 3, 4))).isEqualTo(sorted(oneTask));
		JobSpec empty = job(List.of(StepSpec.filter("age > 1000"),
				StepSpec.groupBy(List.of(), List.of("count(*) AS n", "sum(age) AS s"))));
		assertThat(sorted(run(empty, 3, 4))).containsExactly(java.util.Arrays.asList(0L, null));
	}

	@Test
	void distinctGivesTheSameRowsWhetherShuffledOrNot() throws IOException {
		writeData(5_000);
		JobSpec spec = job(List.of(StepSpec.select("city", "age % 5 AS r"), StepSpec.of("distinct")));
		List<Object[]> oneTask = run(spec, 1, 1);
		assertThat(oneTask).hasSize(9 * 6);
		assertThat(sorted(run(spec, 4, 3))).isEqualTo(sorted(oneTask));
	}

	@Test
	void aGlobalOrderWithALimitIsTheSameWhetherShuffledOrNot() throws IOException {
		writeData(20_000);
		JobSpec spec = job(List.of(StepSpec.orderBy("salary DESC", "age NULLS LAST", "id"), StepSpec.limit(25)));
		List<Object[]> oneTask = run(spec, 1, 1);
		assertThat(oneTask).hasSize(25);
		assertThat(run(spec, 4, 3).stream().map(java.util.Arrays::asList).toList())
			.isEqualTo(oneTask.stream().map(java.util.Arrays::asList).toList());
		JobSpec full = job(List.of(StepSpec.orderBy("city", "id DESC")));
		assertThat(run(full, 3, 2).stream().map(java.util.Arrays::asList).toList())
			.isEqualTo(run(full, 1, 1).stream().map(java.util.Arrays::asList).toList());
	}

	@Test
	void everyJoinTypeGivesTheSameRowsWhetherShuffledOrNot() throws IOException {
		writeData(3_000);
		for (String type : List.of("inner", "left", "right", "full", "semi", "anti")) {
			JobSpec using = job(List.of(StepSpec.withColumn("name", "city"),
					join("cities.csv", CITIES, List.of("name"), null, type)));
			JobSpec cond = job(List.of(join("cities.csv", CITIES, null, "city = name AND age < pop / 20000", type)));
			for (JobSpec spec : List.of(using, cond)) {
				List<Object[]> shuffled = run(spec, 3, 4);
				assertThat(shuffled).as(type).isNotEmpty();
				assertThat(sorted(shuffled)).as(type).isEqualTo(sorted(run(spec, 1, 3)));
			}
		}
	}

}
