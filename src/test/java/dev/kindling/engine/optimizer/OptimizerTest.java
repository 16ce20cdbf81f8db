package dev.kindling.engine.optimizer;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.kindling.engine.logical.Filter;
import dev.kindling.engine.logical.Join;
import dev.kindling.engine.logical.Join.JoinType;
import dev.kindling.engine.logical.LogicalPlan;
import dev.kindling.engine.logical.Scan;
import dev.kindling.engine.planner.PlanPrinter;
import dev.kindling.engine.spec.JobSpec;
import dev.kindling.engine.spec.SourceSpec;
import dev.kindling.engine.sql.SqlPlanner;

import static org.assertj.core.api.Assertions.assertThat;

/** The optimizer's rules on plans of SQL queries, with file sizes given per table. */
class OptimizerTest {

	/** A star: a large fact, two dimensions that reference a tiny third. */
	private static final Map<String, Long> SIZES = Map.of("fact.csv", 1_000_000_000L, "orders.csv", 100_000_000L,
			"customer.csv", 10_000_000L, "supplier.csv", 1_000_000L, "nation.csv", 1_000L);

	private static LogicalPlan optimize(String sql) {
		Map<String, SourceSpec> tables = new LinkedHashMap<>();
		tables.put("fact", source("fact.csv", "f_orderkey BIGINT, f_suppkey BIGINT, f_price DOUBLE, f_note STRING"));
		tables.put("orders", source("orders.csv", "o_orderkey BIGINT, o_custkey BIGINT, o_date DATE"));
		tables.put("customer", source("customer.csv", "c_custkey BIGINT, c_nationkey BIGINT, c_name STRING"));
		tables.put("supplier", source("supplier.csv", "s_suppkey BIGINT, s_nationkey BIGINT, s_name STRING"));
		tables.put("nation", source("nation.csv", "n_nationkey BIGINT, n_name STRING"));
		LogicalPlan logical = SqlPlanner.plan(JobSpec.sql("t", sql, tables, null));
		return new Optimizer().optimize(logical, true, scan -> SIZES.get(scan.path())).plan();
	}

	private static SourceSpec source(String path, String schema) {
		return SourceSpec.of("csv", path, true, false, schema);
	}

	private static <T> List<T> all(LogicalPlan plan, Class<T> type) {
		List<T> out = new ArrayList<>();
		if (type.isInstance(plan)) {
			out.add(type.cast(plan));
		}
		plan.children().forEach(c -> out.addAll(all(c, type)));
		return out;
	}

	@Test
	void aStarJoinStartsFromTheFactAndJoinsEachTableOnItsKeyBeforeReferencesMeet() {
		// c_nationkey = s_nationkey relates two references to nation's key: joining on it
		// before customer's own key would multiply rows
		LogicalPlan plan = optimize("SELECT n_name, sum(f_price) FROM customer, orders, fact, supplier, nation "
				+ "WHERE c_custkey = o_custkey AND f_orderkey = o_orderkey AND f_suppkey = s_suppkey "
				+ "AND c_nationkey = s_nationkey AND s_nationkey = n_nationkey GROUP BY n_name");
		List<Join> joins = all(plan, Join.class);
		assertThat(joins).hasSize(4).allSatisfy(j -> assertThat(j.leftKeys()).isNotEmpty());
		String text = PlanPrinter.text(plan);
		assertThat(text.indexOf("Join inner on f_suppkey = s_suppkey"))
			.isGreaterThan(text.indexOf("Join inner on s_nationkey = n_nationkey"));
		assertThat(text).contains("Join inner on s_nationkey = c_nationkey AND o_custkey = c_custkey");
		// the largest table is the probe side of the deepest join
		Join deepest = joins.get(joins.size() - 1);
		assertThat(((Scan) deepest.left()).path()).isEqualTo("fact.csv");
	}

	@Test
	void theSmallerSideIsBuilt() {
		Join join = all(optimize("SELECT c_name FROM nation, customer WHERE n_nationkey = c_nationkey"), Join.class)
			.get(0);
		assertThat(((Scan) join.right()).path()).isEqualTo("nation.csv");
	}

	@Test
	void filtersReachTheScansThroughRenamesAndJoins() {
		LogicalPlan plan = optimize("SELECT a.f_price FROM fact a, fact b WHERE a.f_orderkey = b.f_orderkey "
				+ "AND b.f_note LIKE 'x%' AND a.f_price > 10");
		List<Scan> scans = all(plan, Scan.class);
		assertThat(scans).extracting(s -> s.filters().stream().map(f -> f.sql()).toList())
			.containsExactlyInAnyOrder(List.of("(f_price > 10)"), List.of("f_note LIKE x%"));
		assertThat(all(plan, Filter.class)).isEmpty();
	}

	@Test
	void aKeyRepeatedInEveryBranchOfAnOrBecomesAJoinKey() {
		LogicalPlan plan = optimize("SELECT f_price FROM fact, orders WHERE (f_orderkey = o_orderkey AND f_price > 1) "
				+ "OR (f_orderkey = o_orderkey AND o_date > DATE '2020-01-01')");
		Join join = all(plan, Join.class).get(0);
		assertThat(join.leftKeys()).hasSize(1);
		assertThat(join.residual().sql()).isEqualTo("((f_price > 1) OR (o_date > DATE '2020-01-01'))");
	}

	@Test
	void anOuterJoinWhoseNullRowsAFilterDropsIsInner() {
		LogicalPlan plan = optimize(
				"SELECT o_orderkey FROM orders WHERE o_custkey = (SELECT max(c_custkey) " + "FROM customer)");
		assertThat(all(plan, Join.class)).extracting(Join::type).containsExactly(JoinType.INNER);
		LogicalPlan kept = optimize("SELECT o_orderkey, (SELECT max(c_custkey) FROM customer) FROM orders");
		assertThat(all(kept, Join.class)).extracting(Join::type).containsExactly(JoinType.LEFT);
	}

	@Test
	void joinsOutputOnlyTheColumnsAboveThemRead() {
		LogicalPlan plan = optimize("SELECT c_name FROM customer JOIN orders ON c_custkey = o_custkey");
		Join join = all(plan, Join.class).get(0);
		assertThat(join.schema().names()).containsExactlyInAnyOrder("c_custkey", "c_name", "o_custkey");
		assertThat(all(plan, Scan.class)).extracting(s -> s.schema().names())
			.containsExactlyInAnyOrder(List.of("o_custkey"), List.of("c_custkey", "c_name"));
	}

	@Test
	void aSemiJoinMovesOntoTheSmallerRelationItReadsButNotOntoTheLargest() {
		// Q18's shape: orders kept by an IN subquery before they meet the fact
		LogicalPlan onOrders = optimize("SELECT f_price, o_date FROM fact, orders WHERE f_orderkey = o_orderkey "
				+ "AND o_custkey IN (SELECT c_custkey FROM customer WHERE c_name = 'x')");
		Join semi = all(onOrders, Join.class).stream().filter(j -> j.type() == JoinType.SEMI).findFirst().orElseThrow();
		assertThat(((Scan) semi.left()).path()).isEqualTo("orders.csv");
		// Q21's shape: a condition on the fact stays above the joins that shrink it first
		LogicalPlan onFact = optimize("SELECT o_date FROM fact, orders WHERE f_orderkey = o_orderkey "
				+ "AND f_suppkey IN (SELECT s_suppkey FROM supplier)");
		Join top = all(onFact, Join.class).stream().filter(j -> j.type() == JoinType.SEMI).findFirst().orElseThrow();
		assertThat(all(top.left(), Join.class)).isNotEmpty();
	}

}
