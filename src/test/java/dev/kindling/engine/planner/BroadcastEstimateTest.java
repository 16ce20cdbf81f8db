package dev.kindling.engine.planner;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.kindling.engine.spec.JobSpec;
import dev.kindling.engine.spec.SourceSpec;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which join sides are broadcast: a side's estimate is its file's bytes scaled to the
 * columns the join reads, so a wide dimension table of which a key is read is broadcast
 * although its file is over the threshold.
 */
class BroadcastEstimateTest {

	private static String stages(String sql, long dimensionBytes) {
		Map<String, SourceSpec> tables = Map.of("fact", source("fact.csv", "f_key BIGINT, f_price DOUBLE"), "dim",
				source("dim.csv",
						"d_key BIGINT, d_name STRING, d_a STRING, d_b STRING, d_c STRING, d_d STRING, d_e STRING"));
		Map<String, Long> bytes = Map.of("fact.csv", 1_000_000_000L, "dim.csv", dimensionBytes);
		JobPlanner.PlannedJob plan = new JobPlanner(100).plan(JobSpec.sql("t", sql, tables, null),
				new StagePlanner.Settings(4, scan -> new StagePlanner.ScanStats(4, bytes.get(scan.path())),
						java.util.Set.of(), 10_000_000L));
		return PlanPrinter.text(plan.stages());
	}

	private static SourceSpec source(String path, String schema) {
		return SourceSpec.of("csv", path, true, false, schema);
	}

	@Test
	void aNarrowReadOfAWideTableIsBroadcast() {
		// 128 bytes a row, of which the key is 8: 50 MB of file is about 3 MB to the join
		assertThat(stages("SELECT f_price FROM fact, dim WHERE f_key = d_key AND d_name = 'x'", 50_000_000L))
			.contains("BroadcastHashJoin");
		assertThat(stages("SELECT f_price, d_a, d_b, d_c, d_d, d_e FROM fact, dim WHERE f_key = d_key", 50_000_000L))
			.contains("ShuffledHashJoin")
			.doesNotContain("Broadcast");
		assertThat(List.of(stages("SELECT f_price FROM fact, dim WHERE f_key = d_key", 200_000_000L)))
			.allSatisfy(s -> assertThat(s).contains("ShuffledHashJoin"));
	}

}
