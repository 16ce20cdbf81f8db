package dev.kindling.engine.exec;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.kindling.engine.logical.PlanException;
import dev.kindling.engine.planner.JobPlanner;
import dev.kindling.engine.planner.StagePlan;
import dev.kindling.engine.spec.ActionSpec;
import dev.kindling.engine.spec.JobSpec;
import dev.kindling.engine.spec.StepSpec;

import static dev.kindling.engine.exec.StagedJobTest.csv;
import static dev.kindling.engine.exec.StagedJobTest.sorted;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The DataFrame steps Spark users expect (withColumnRenamed, dropDuplicates, fillna,
 * dropna, sample, repartition, coalesce), each run through the real planner and every
 * stage in process, split and shuffled as well as in one task; and the 400s they give for
 * bad input, each naming its field.
 */
class DataFrameStepsTest {

	@TempDir
	Path root;

	private final StagedJobTest stages = new StagedJobTest();

	@BeforeEach
	void data() throws IOException {
		this.stages.root = this.root;
		this.stages.writeData(4_000);
	}

	private static StepSpec step(String op, Map<String, Object> fields) {
		Map<String, Object> f = new HashMap<>(fields);
		@SuppressWarnings("unchecked")
		Map<String, Object> values = (Map<String, Object>) f.get("values");
		@SuppressWarnings("unchecked")
		List<String> columns = (List<String>) f.get("columns");
		@SuppressWarnings("unchecked")
		List<String> subset = (List<String>) f.get("subset");
		return new StepSpec(op, null, columns, (String) f.get("name"), null, null, null, null, null, null,
				(Integer) f.get("n"), (String) f.get("existing"), subset, f.get("value"), values, (String) f.get("how"),
				(Integer) f.get("thresh"), (Double) f.get("fraction"), (Long) f.get("seed"),
				(Boolean) f.get("withReplacement"), null, null, null, null);
	}

	private List<Object[]> run(int splits, int partitions, StepSpec... steps) throws IOException {
		return this.stages.run(job(steps), splits, partitions);
	}

	private static JobSpec job(StepSpec... steps) {
		return new JobSpec("t", csv("people.csv", StagedJobTest.PEOPLE), List.of(steps), ActionSpec.collect());
	}

	private static JobPlanner.PlannedJob plan(int splits, StepSpec... steps) {
		return new JobPlanner(100_000).plan(job(steps), 4, (scan) -> splits);
	}

	private static PlanException refused(StepSpec... steps) {
		try {
			plan(1, steps);
		}
		catch (PlanException ex) {
			return ex;
		}
		throw new AssertionError("the plan was accepted");
	}

	@Test
	void withColumnRenamedRenamesOneColumn() throws IOException {
		List<Object[]> rows = run(3, 2, step("withColumnRenamed", Map.of("existing", "AGE", "name", "years")),
				StepSpec.select("id", "years"));
		assertThat(rows).hasSize(4_000);
		assertThat(plan(1, step("withColumnRenamed", Map.of("existing", "age", "name", "years"))).logical()
			.schema()
			.names()).containsExactly("id", "city", "years", "salary");
		PlanException unknown = refused(step("withColumnRenamed", Map.of("existing", "agee", "name", "years")));
		assertThat(unknown.pointer()).isEqualTo("/pipeline/0/existing");
		assertThat(unknown.getMessage()).isEqualTo("unknown column 'agee' (available: id, city, age, salary)");
		PlanException clash = refused(step("withColumnRenamed", Map.of("existing", "age", "name", "city")));
		assertThat(clash.pointer()).isEqualTo("/pipeline/0/name");
		assertThat(clash.getMessage()).isEqualTo("renaming 'age' to 'city' would make two columns named 'city'");
		assertThat(refused(step("withColumnRenamed", Map.of("name", "x"))).pointer()).isEqualTo("/pipeline/0/existing");
	}

	@Test
	void dropDuplicatesKeepsOneWholeRowPerKey() throws IOException {
		List<Object[]> one = run(1, 1, step("dropDuplicates", Map.of("columns", List.of("city"))));
		List<Object[]> split = run(4, 3, step("dropDuplicates", Map.of("columns", List.of("city"))));
		for (List<Object[]> rows : List.of(one, split)) {
			assertThat(rows).hasSize(9);
			Set<Object> cities = new HashSet<>();
			for (Object[] r : rows) {
				assertThat(r).hasSize(4);
				assertThat(cities.add(r[1])).isTrue();
			}
		}
		// every kept row is a row of the input, whole
		Set<List<Object>> all = new HashSet<>(sorted(run(1, 1)));
		for (Object[] r : split) {
			assertThat(all).contains(Arrays.asList(r));
		}
		assertThat(sorted(run(3, 2, step("dropDuplicates", Map.of())))).isEqualTo(sorted(run(1, 1)));
		assertThat(refused(step("dropDuplicates", Map.of("columns", List.of("city", "nope")))).pointer())
			.isEqualTo("/pipeline/0/columns/1");
	}

	@Test
	void fillnaFillsTheColumnsOfTheValuesKind() throws IOException {
		List<Object[]> rows = run(3, 2, step("fillna", Map.of("value", 7)), StepSpec.filter("id < 200"));
		List<Object[]> original = run(1, 1, StepSpec.filter("id < 200"));
		assertThat(rows).hasSize(original.size());
		Map<Integer, Object[]> byId = new HashMap<>();
		original.forEach((r) -> byId.put((Integer) r[0], r));
		boolean sawFilledAge = false;
		for (Object[] r : rows) {
			Object[] o = byId.get((Integer) r[0]);
			assertThat(r[1]).isEqualTo(o[1]);
			if (o[2] == null) {
				assertThat(r[2]).isEqualTo(7);
				sawFilledAge = true;
			}
			else {
				assertThat(r[2]).isEqualTo(o[2]);
			}
		}
		assertThat(sawFilledAge).isTrue();
		List<Object[]> strings = run(2, 2, step("fillna", Map.of("value", "unknown", "subset", List.of("city", "age"))),
				StepSpec.filter("city = 'unknown'"));
		assertThat(strings).isNotEmpty().allSatisfy((r) -> assertThat(r[1]).isEqualTo("unknown"));
		Map<String, Object> perColumn = new LinkedHashMap<>();
		perColumn.put("age", 1.9);
		perColumn.put("city", "?");
		List<Object[]> both = run(1, 1, step("fillna", Map.of("values", perColumn)),
				StepSpec.filter("age = 1 OR city = '?'"));
		assertThat(both).isNotEmpty();
		PlanException mismatch = refused(step("fillna", Map.of("values", Map.of("age", "x"))));
		assertThat(mismatch.pointer()).isEqualTo("/pipeline/0/values/age");
		assertThat(mismatch.getMessage()).isEqualTo("cannot fill column 'age' of type int with the string 'x'");
		assertThat(refused(step("fillna", Map.of())).pointer()).isEqualTo("/pipeline/0/value");
		assertThat(refused(step("fillna", Map.of("value", List.of(1)))).getMessage())
			.startsWith("a fill value must be a number, a string or a boolean");
		assertThat(refused(step("fillna", Map.of("value", 1, "subset", List.of("nope")))).pointer())
			.isEqualTo("/pipeline/0/subset/0");
	}

	@Test
	void dropnaDropsRowsByHowAndThresh() throws IOException {
		List<Object[]> all = run(1, 1);
		long withNull = all.stream().filter((r) -> Arrays.asList(r).contains(null)).count();
		long allNull = all.stream().filter((r) -> r[1] == null && r[2] == null).count();
		assertThat(withNull).isPositive();
		assertThat(run(3, 2, step("dropna", Map.of()))).hasSize((int) (all.size() - withNull));
		assertThat(run(3, 2, step("na.drop", Map.of("how", "all", "subset", List.of("city", "age")))))
			.hasSize((int) (all.size() - allNull));
		long fewerThanFour = all.stream().filter((r) -> Arrays.stream(r).filter((v) -> v != null).count() < 4).count();
		assertThat(run(2, 2, step("dropna", Map.of("thresh", 4)))).hasSize((int) (all.size() - fewerThanFour));
		assertThat(run(2, 2, step("dropna", Map.of("thresh", 0)))).hasSize(all.size());
		assertThat(refused(step("dropna", Map.of("how", "most"))).pointer()).isEqualTo("/pipeline/0/how");
		assertThat(refused(step("dropna", Map.of("thresh", -1))).pointer()).isEqualTo("/pipeline/0/thresh");
	}

	@Test
	void sampleIsDeterministicForASeedAndPartitioning() throws IOException {
		List<Object[]> first = run(3, 2, step("sample", Map.of("fraction", 0.1, "seed", 42L)));
		List<Object[]> again = run(3, 2, step("sample", Map.of("fraction", 0.1, "seed", 42L)));
		assertThat(sorted(again)).isEqualTo(sorted(first));
		assertThat(first.size()).isBetween(300, 500);
		List<Object[]> other = run(3, 2, step("sample", Map.of("fraction", 0.1, "seed", 7L)));
		assertThat(sorted(other)).isNotEqualTo(sorted(first));
		assertThat(run(3, 2, step("sample", Map.of("fraction", 0.0, "seed", 1L)))).isEmpty();
		assertThat(run(3, 2, step("sample", Map.of("fraction", 1.0, "seed", 1L)))).hasSize(4_000);
		// a later filter is not pushed below the sample: the sample sees the same rows
		List<Object[]> thenFilter = run(3, 2, step("sample", Map.of("fraction", 0.1, "seed", 42L)),
				StepSpec.filter("age > 40"));
		assertThat(sorted(thenFilter))
			.isEqualTo(sorted(first.stream().filter((r) -> r[2] != null && (Integer) r[2] > 40).toList()));
		assertThat(refused(step("sample", Map.of("fraction", 1.5))).pointer()).isEqualTo("/pipeline/0/fraction");
		assertThat(refused(step("sample", Map.of("fraction", 0.5, "withReplacement", true))).getMessage())
			.isEqualTo("sampling with replacement is not supported yet");
	}

	@Test
	void repartitionAndCoalesceMoveRowsButKeepThem() throws IOException {
		List<List<Object>> all = sorted(run(1, 1));
		assertThat(sorted(run(2, 3, step("repartition", Map.of("n", 5))))).isEqualTo(all);
		assertThat(sorted(run(2, 3, step("repartition", Map.of("n", 4, "columns", List.of("city")))))).isEqualTo(all);
		assertThat(sorted(run(4, 3, step("coalesce", Map.of("n", 2))))).isEqualTo(all);
		List<StagePlan> round = plan(2, step("repartition", Map.of("n", 5))).stages();
		assertThat(round).hasSize(2);
		assertThat(round.get(1).partitions()).isEqualTo(5);
		assertThat(round.get(0).output().describe()).isEqualTo("Exchange monotonically_increasing_id() mod 5");
		List<StagePlan> merged = plan(4, step("coalesce", Map.of("n", 2))).stages();
		assertThat(merged.get(merged.size() - 1).partitions()).isEqualTo(2);
		assertThat(plan(3, step("coalesce", Map.of("n", 10))).stages()).hasSize(1);
		// repartition by a column puts each city in one partition
		List<Object[]> tagged = run(3, 2, step("repartition", Map.of("n", 4, "columns", List.of("city"))),
				StepSpec.withColumn("p", "spark_partition_id()"));
		Map<Object, Set<Object>> partitionsOfCity = new HashMap<>();
		for (Object[] r : tagged) {
			partitionsOfCity.computeIfAbsent(String.valueOf(r[1]), (k) -> new HashSet<>()).add(r[4]);
		}
		assertThat(partitionsOfCity.values()).allSatisfy((p) -> assertThat(p).hasSize(1));
		// round-robin spreads rows evenly
		List<Object[]> spread = run(1, 1, step("repartition", Map.of("n", 4)),
				StepSpec.withColumn("p", "spark_partition_id()"));
		Map<Object, Integer> counts = new HashMap<>();
		spread.forEach((r) -> counts.merge(r[4], 1, Integer::sum));
		assertThat(counts.values()).allSatisfy((c) -> assertThat(c).isBetween(999, 1001));
		assertThat(refused(step("repartition", Map.of("n", 0))).pointer()).isEqualTo("/pipeline/0/n");
		assertThat(refused(step("repartition", Map.of())).pointer()).isEqualTo("/pipeline/0/n");
		assertThat(refused(step("coalesce", Map.of())).pointer()).isEqualTo("/pipeline/0/n");
		assertThat(refused(step("repartition", Map.of("n", 2, "columns", List.of("nope")))).pointer())
			.isEqualTo("/pipeline/0/columns/0");
		List<Object> ids = new ArrayList<>();
		spread.forEach((r) -> ids.add(r[0]));
		assertThat(ids).doesNotHaveDuplicates().hasSize(4_000);
	}

}
