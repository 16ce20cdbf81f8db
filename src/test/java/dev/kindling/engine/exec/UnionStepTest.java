package dev.kindling.engine.exec;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.kindling.engine.logical.PlanException;
import dev.kindling.engine.logical.Union;
import dev.kindling.engine.planner.JobPlanner;
import dev.kindling.engine.spec.ActionSpec;
import dev.kindling.engine.spec.JobSpec;
import dev.kindling.engine.spec.StepSpec;
import dev.kindling.engine.types.DataType;

import static dev.kindling.engine.exec.StagedJobTest.csv;
import static dev.kindling.engine.exec.StagedJobTest.sorted;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code union} and {@code unionByName} through the real planner and every stage in
 * process: by position and by name, Spark's type widening, missing columns filled with
 * nulls, the left side's rows before the right side's, and the 400s naming the field.
 */
class UnionStepTest {

	@TempDir
	Path root;

	private final StagedJobTest stages = new StagedJobTest();

	@BeforeEach
	void data() throws IOException {
		this.stages.root = this.root;
		this.stages.writeData(2_000);
	}

	private static StepSpec union(String op, Boolean allowMissing, StepSpec... rightSteps) {
		return new StepSpec(op, null, null, null, null, null, null,
				new StepSpec.RightSpec(csv("people.csv", StagedJobTest.PEOPLE), List.of(rightSteps)), null, null, null,
				null, null, null, null, null, null, null, null, null, null, null, null, allowMissing);
	}

	private static JobSpec job(StepSpec... steps) {
		return new JobSpec("t", csv("people.csv", StagedJobTest.PEOPLE), List.of(steps), ActionSpec.collect());
	}

	private List<Object[]> run(int splits, int partitions, StepSpec... steps) throws IOException {
		return this.stages.run(job(steps), splits, partitions);
	}

	private static PlanException refused(StepSpec... steps) {
		try {
			new JobPlanner(100_000).plan(job(steps), 4, (scan) -> 1);
		}
		catch (PlanException ex) {
			return ex;
		}
		throw new AssertionError("the plan was accepted");
	}

	@Test
	void unionByPositionWidensTypesAndKeepsEveryRow() throws IOException {
		StepSpec u = union("union", null, StepSpec.filter("id < 50"),
				StepSpec.select("CAST(age AS BIGINT) AS a", "city AS town", "id * 10 AS id", "salary"));
		StepSpec left = StepSpec.filter("id < 100");
		List<Object[]> one = run(1, 1, left, u);
		assertThat(one).hasSize(150);
		assertThat(sorted(run(3, 2, left, u))).isEqualTo(sorted(one));
		// the names are the left side's; each column takes the wider type
		var schema = new JobPlanner(100_000).plan(job(left, u), 4, (scan) -> 1).logical().schema();
		assertThat(schema.names()).containsExactly("id", "city", "age", "salary");
		assertThat(schema.fields().stream().map((f) -> f.type()).toList()).containsExactly(DataType.BIGINT,
				DataType.STRING, DataType.INT, DataType.DOUBLE);
		// as in Spark, the left side's rows come first, then the right side's, in order
		List<Object> ids = new ArrayList<>();
		one.forEach((r) -> ids.add(r[0]));
		assertThat(ids.subList(0, 100)).allSatisfy((id) -> assertThat((Long) id).isLessThan(100L));
		assertThat(one.get(100)[2]).isEqualTo(0);
		// a right-side row: age went into the first column, the city into the second
		List<Object[]> right = run(1, 1, StepSpec.filter("id < 50"), StepSpec.select("age", "city", "id", "salary"));
		for (int i = 0; i < 50; i++) {
			Object age = right.get(i)[0];
			assertThat(one.get(100 + i)[0]).isEqualTo((age == null) ? null : ((Integer) age).longValue());
			assertThat(one.get(100 + i)[1]).isEqualTo(right.get(i)[1]);
			assertThat(one.get(100 + i)[2]).isEqualTo(i * 10);
		}
	}

	@Test
	void aFilterAfterAUnionFiltersBothSides() throws IOException {
		StepSpec u = union("union", null);
		List<Object[]> rows = run(3, 2, u, StepSpec.filter("id % 500 = 0"), StepSpec.select("id"));
		assertThat(sorted(rows)).hasSize(8);
		assertThat(rows.stream().filter((r) -> (Integer) r[0] == 1500).count()).isEqualTo(2);
		// pushed into both sides
		assertThat(new JobPlanner(100_000).plan(job(u, StepSpec.filter("id % 500 = 0")), 4, (scan) -> 1).optimized())
			.isInstanceOf(Union.class);
	}

	@Test
	void unionByNameMatchesNamesAndFillsMissingColumns() throws IOException {
		StepSpec byName = union("unionByName", true, StepSpec.filter("id < 10"),
				StepSpec.select("salary", "id + 1 AS next", "id"));
		List<Object[]> rows = run(2, 2, StepSpec.filter("id < 20"), byName);
		assertThat(rows).hasSize(30);
		var schema = new JobPlanner(100_000).plan(job(byName), 4, (scan) -> 1).logical().schema();
		assertThat(schema.names()).containsExactly("id", "city", "age", "salary", "next");
		long fromRight = rows.stream().filter((r) -> r[4] != null).count();
		assertThat(fromRight).isEqualTo(10);
		for (Object[] r : rows) {
			if (r[4] != null) {
				assertThat(r[4]).isEqualTo((Integer) r[0] + 1);
				assertThat(r[1]).isNull();
				assertThat(r[2]).isNull();
			}
		}
		// without allowMissingColumns the same columns in another order are fine
		List<Object[]> reordered = run(1, 1, StepSpec.filter("id < 5"),
				union("unionByName", null, StepSpec.filter("id < 5"), StepSpec.select("salary", "age", "city", "id")));
		assertThat(reordered).hasSize(10);
		for (int i = 0; i < 5; i++) {
			assertThat(reordered.get(5 + i)).containsExactly(reordered.get(i));
		}
	}

	@Test
	void badUnionsAre400sNamingTheField() {
		PlanException count = refused(union("union", null, StepSpec.select("id")));
		assertThat(count.pointer()).isEqualTo("/pipeline/0/right");
		assertThat(count.getMessage()).isEqualTo("[NUM_COLUMNS_MISMATCH] UNION can only be performed on inputs with "
				+ "the same number of columns, but the first input has 4 columns and the second input has 1 columns");
		PlanException missing = refused(union("unionByName", null, StepSpec.select("id", "city", "age")));
		assertThat(missing.pointer()).isEqualTo("/pipeline/0/right");
		assertThat(missing.getMessage()).isEqualTo("unionByName: column 'salary' is missing on the right side "
				+ "(set allowMissingColumns to fill it with nulls)");
		PlanException types = refused(union("union", null, StepSpec.select("id", "city", "age", "salary > 1 AS s")));
		assertThat(types.getMessage()).startsWith("[INCOMPATIBLE_COLUMN_TYPE] UNION")
			.contains("column 'salary' is double on the left and boolean on the right");
		assertThat(refused(union("union", true)).pointer()).isEqualTo("/pipeline/0/allowMissingColumns");
		assertThat(refused(StepSpec.of("union")).pointer()).isEqualTo("/pipeline/0/right");
		assertThat(refused(union("union", null, StepSpec.select("nope"))).pointer())
			.isEqualTo("/pipeline/0/right/pipeline/0/columns/0");
	}

}
