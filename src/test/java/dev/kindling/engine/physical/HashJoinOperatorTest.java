package dev.kindling.engine.physical;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BiPredicate;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import dev.kindling.engine.expr.Expr;
import dev.kindling.engine.expr.ExprParser;
import dev.kindling.engine.logical.Join.JoinType;
import dev.kindling.engine.types.Field;
import dev.kindling.engine.types.Schema;
import dev.kindling.engine.vector.Batch;

import static dev.kindling.engine.TestBatches.asLists;
import static dev.kindling.engine.TestBatches.drain;
import static dev.kindling.engine.TestBatches.source;
import static org.assertj.core.api.Assertions.assertThat;

class HashJoinOperatorTest {

	static final Schema LEFT = Schema.parse("k INT, lv STRING, lx INT");

	static final Schema RIGHT = Schema.parse("rk BIGINT, rv STRING, ry INT");

	static final BiPredicate<Object[], Object[]> X_BELOW_Y = (l, r) -> l[2] != null && r[2] != null
			&& (Integer) l[2] < (Integer) r[2];

	static List<Object[]> randomRows(Random random, int n, boolean bigint) {
		List<Object[]> rows = new ArrayList<>();
		for (int i = 0; i < n; i++) {
			int k = random.nextInt(8);
			Object key = random.nextInt(7) == 0 ? null : bigint ? (Object) (long) k : (Object) k;
			rows.add(new Object[] { key, random.nextInt(5) == 0 ? null : "v" + random.nextInt(3),
					random.nextInt(6) == 0 ? null : random.nextInt(10) });
		}
		return rows;
	}

	/** The join's output schema, as the logical planner derives it. */
	static Schema outputSchema(JoinType type, Schema ls, Schema rs, List<String> usingNames) {
		if (type == JoinType.SEMI || type == JoinType.ANTI) {
			return ls;
		}
		List<Field> fields = new ArrayList<>();
		if (usingNames == null) {
			fields.addAll(ls.fields());
			fields.addAll(rs.fields());
			return new Schema(fields);
		}
		Set<String> names = usingNames.stream().map(n -> n.toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
		for (String n : usingNames) {
			fields.add(ls.field(ls.indexOf(n)));
		}
		ls.fields().stream().filter(f -> !names.contains(f.name().toLowerCase(Locale.ROOT))).forEach(fields::add);
		rs.fields().stream().filter(f -> !names.contains(f.name().toLowerCase(Locale.ROOT))).forEach(fields::add);
		return new Schema(fields);
	}

	static List<Object[]> join(JoinType type, Schema ls, List<Object[]> left, Schema rs, List<Object[]> right,
			List<String> leftKeys, List<String> rightKeys, String residual, boolean using, int batchSize) {
		List<Expr> lk = leftKeys.stream().map(ExprParser::parse).toList();
		List<Expr> rk = rightKeys.stream().map(ExprParser::parse).toList();
		HashJoinExec plan = HashJoinExec.of(new ShuffleReadExec(0, ls), new ShuffleReadExec(1, rs), type, lk, rk,
				residual == null ? null : ExprParser.parse(residual), using,
				outputSchema(type, ls, rs, using ? leftKeys : null), false);
		HashJoinOperator op = new HashJoinOperator(plan, source(ls, left, batchSize), source(rs, right, batchSize));
		assertThat(op.schema()).isEqualTo(plan.schema());
		List<Object[]> out = new ArrayList<>();
		Batch b;
		while ((b = op.next()) != null) {
			assertThat(b.rowCount()).isBetween(1, 4096);
			assertThat(b.columnCount()).isEqualTo(plan.schema().size());
			for (int i = 0; i < b.rowCount(); i++) {
				out.add(b.row(i));
			}
		}
		return out;
	}

	/**
	 * SQL {@code =} on key values: never true for a null; numbers by value across types.
	 */
	static boolean keyEquals(Object a, Object b) {
		if (a == null || b == null) {
			return false;
		}
		if (a instanceof Number x && b instanceof Number y) {
			if ((x instanceof Double) || (y instanceof Double)) {
				double p = x.doubleValue();
				double q = y.doubleValue();
				return p == q || (Double.isNaN(p) && Double.isNaN(q));
			}
			return x.longValue() == y.longValue();
		}
		return a.equals(b);
	}

	/**
	 * A nested-loop join of rows, keys at the given column indexes; unmatched sides
	 * null-padded.
	 */
	static List<Object[]> oracle(JoinType type, List<Object[]> left, List<Object[]> right, int[] lk, int[] rk,
			int leftWidth, int rightWidth, BiPredicate<Object[], Object[]> residual) {
		List<Object[]> out = new ArrayList<>();
		boolean[] rightMatched = new boolean[right.size()];
		for (Object[] l : left) {
			boolean matched = false;
			for (int j = 0; j < right.size(); j++) {
				Object[] r = right.get(j);
				boolean eq = true;
				for (int k = 0; k < lk.length && eq; k++) {
					eq = keyEquals(l[lk[k]], r[rk[k]]);
				}
				if (eq && (residual == null || residual.test(l, r))) {
					matched = true;
					rightMatched[j] = true;
					if (type != JoinType.SEMI && type != JoinType.ANTI) {
						out.add(concat(l, r));
					}
				}
			}
			if ((type == JoinType.SEMI && matched) || (type == JoinType.ANTI && !matched)) {
				out.add(l);
			}
			if (!matched && (type == JoinType.LEFT || type == JoinType.FULL)) {
				out.add(concat(l, new Object[rightWidth]));
			}
		}
		if (type == JoinType.RIGHT || type == JoinType.FULL) {
			for (int j = 0; j < right.size(); j++) {
				if (!rightMatched[j]) {
					out.add(concat(new Object[leftWidth], right.get(j)));
				}
			}
		}
		return out;
	}

	static Object[] concat(Object[] a, Object[] b) {
		Object[] out = Arrays.copyOf(a, a.length + b.length);
		System.arraycopy(b, 0, out, a.length, b.length);
		return out;
	}

	static List<List<Object>> sorted(List<Object[]> rows) {
		TreeMap<String, List<List<Object>>> byText = new TreeMap<>();
		for (List<Object> row : asLists(rows)) {
			byText.computeIfAbsent(row.toString(), x -> new ArrayList<>()).add(row);
		}
		List<List<Object>> out = new ArrayList<>();
		byText.values().forEach(out::addAll);
		return out;
	}

	@Test
	void everyJoinTypeMatchesANestedLoopJoinOnRandomData() {
		Random random = new Random(2026);
		for (int round = 0; round < 15; round++) {
			List<Object[]> left = randomRows(random, random.nextInt(round < 3 ? 3 : 200), false);
			List<Object[]> right = randomRows(random, random.nextInt(round < 3 ? 3 : 200), true);
			for (JoinType type : JoinType.values()) {
				for (boolean withResidual : new boolean[] { false, true }) {
					List<Object[]> expected = oracle(type, left, right, new int[] { 0 }, new int[] { 0 }, 3, 3,
							withResidual ? X_BELOW_Y : null);
					List<Object[]> actual = join(type, LEFT, left, RIGHT, right, List.of("k"), List.of("rk"),
							withResidual ? "lx < ry" : null, false, 1 + random.nextInt(64));
					assertThat(sorted(actual)).as("round %d %s residual %s", round, type, withResidual)
						.isEqualTo(sorted(expected));
				}
			}
		}
	}

	@Test
	void multiColumnKeysMatchANestedLoopJoin() {
		Random random = new Random(77);
		for (int round = 0; round < 10; round++) {
			List<Object[]> left = randomRows(random, random.nextInt(150), false);
			List<Object[]> right = randomRows(random, random.nextInt(150), true);
			for (JoinType type : JoinType.values()) {
				List<Object[]> expected = oracle(type, left, right, new int[] { 0, 1 }, new int[] { 0, 1 }, 3, 3, null);
				assertThat(sorted(
						join(type, LEFT, left, RIGHT, right, List.of("k", "lv"), List.of("rk", "rv"), null, false, 50)))
					.as("%s", type)
					.isEqualTo(sorted(expected));
			}
		}
	}

	@Test
	void nullKeysNeverMatchButStayInOuterAndAntiJoins() {
		List<Object[]> left = List.<Object[]>of(new Object[] { null, "l-null", 1 }, new Object[] { 1, "l-1", 1 });
		List<Object[]> right = List.<Object[]>of(new Object[] { null, "r-null", 1 }, new Object[] { 1L, "r-1", 1 });
		assertThat(asLists(join(JoinType.INNER, LEFT, left, RIGHT, right, List.of("k"), List.of("rk"), null, false, 8)))
			.containsExactly(List.of(1, "l-1", 1, 1L, "r-1", 1));
		assertThat(asLists(join(JoinType.FULL, LEFT, left, RIGHT, right, List.of("k"), List.of("rk"), null, false, 8)))
			.containsExactlyInAnyOrder(List.of(1, "l-1", 1, 1L, "r-1", 1),
					Arrays.asList(null, "l-null", 1, null, null, null),
					Arrays.asList(null, null, null, null, "r-null", 1));
		assertThat(asLists(join(JoinType.ANTI, LEFT, left, RIGHT, right, List.of("k"), List.of("rk"), null, false, 8)))
			.containsExactly(Arrays.asList(null, "l-null", 1));
		assertThat(asLists(join(JoinType.SEMI, LEFT, left, RIGHT, right, List.of("k"), List.of("rk"), null, false, 8)))
			.containsExactly(List.of(1, "l-1", 1));
	}

	@Test
	void aPairFailingTheResidualLeavesBothRowsUnmatchedInAnOuterJoin() {
		List<Object[]> left = List.<Object[]>of(new Object[] { 1, "a", 5 });
		List<Object[]> right = List.<Object[]>of(new Object[] { 1L, "b", 3 });
		assertThat(asLists(
				join(JoinType.FULL, LEFT, left, RIGHT, right, List.of("k"), List.of("rk"), "lx < ry", false, 8)))
			.containsExactlyInAnyOrder(Arrays.asList(1, "a", 5, null, null, null),
					Arrays.asList(null, null, null, 1L, "b", 3));
		assertThat(join(JoinType.SEMI, LEFT, left, RIGHT, right, List.of("k"), List.of("rk"), "lx < ry", false, 8))
			.isEmpty();
	}

	@Test
	void usingJoinsOutputEachKeyOnceAndCoalesceItForRightAndFullJoins() {
		Schema ls = Schema.parse("id INT, name STRING");
		Schema rs = Schema.parse("ID BIGINT, city STRING");
		List<Object[]> left = List.<Object[]>of(new Object[] { 1, "ann" }, new Object[] { 2, "bob" },
				new Object[] { null, "nul" });
		List<Object[]> right = List.<Object[]>of(new Object[] { 1L, "oslo" }, new Object[] { 3L, "rome" },
				new Object[] { null, "nowhere" });
		assertThat(asLists(join(JoinType.FULL, ls, left, rs, right, List.of("id"), List.of("ID"), null, true, 2)))
			.containsExactlyInAnyOrder(List.of(1, "ann", "oslo"), Arrays.asList(2, "bob", null),
					Arrays.asList(null, "nul", null), Arrays.asList(3, null, "rome"),
					Arrays.asList(null, null, "nowhere"));
		assertThat(asLists(join(JoinType.RIGHT, ls, left, rs, right, List.of("id"), List.of("ID"), null, true, 2)))
			.containsExactlyInAnyOrder(List.of(1, "ann", "oslo"), Arrays.asList(3, null, "rome"),
					Arrays.asList(null, null, "nowhere"));
		assertThat(asLists(join(JoinType.LEFT, ls, left, rs, right, List.of("id"), List.of("ID"), null, true, 2)))
			.containsExactlyInAnyOrder(List.of(1, "ann", "oslo"), Arrays.asList(2, "bob", null),
					Arrays.asList(null, "nul", null));
		assertThat(asLists(join(JoinType.SEMI, ls, left, rs, right, List.of("id"), List.of("ID"), null, true, 2)))
			.containsExactly(List.of(1, "ann"));
	}

	@Test
	void usingJoinKeysComeFirstInKeyOrderThenTheRestOfEachSide() {
		Schema ls = Schema.parse("x STRING, b INT, a INT");
		Schema rs = Schema.parse("a INT, y STRING, b INT");
		List<Object[]> left = List.<Object[]>of(new Object[] { "lx", 2, 1 });
		List<Object[]> right = List.<Object[]>of(new Object[] { 1, "ry", 2 }, new Object[] { 1, "no", 3 });
		assertThat(
				asLists(join(JoinType.INNER, ls, left, rs, right, List.of("a", "b"), List.of("a", "b"), null, true, 4)))
			.containsExactly(List.of(1, 2, "lx", "ry"));
	}

	@Test
	void intAndDoubleKeysCompareAsDoubles() {
		Schema ls = Schema.parse("k INT, v STRING");
		Schema rs = Schema.parse("d DOUBLE, w STRING");
		List<Object[]> left = List.<Object[]>of(new Object[] { 1, "one" }, new Object[] { 2, "two" });
		List<Object[]> right = List.<Object[]>of(new Object[] { 1.0, "1.0" }, new Object[] { 1.5, "1.5" },
				new Object[] { 2.0, "2.0" }, new Object[] { null, "null" });
		assertThat(asLists(join(JoinType.INNER, ls, left, rs, right, List.of("k"), List.of("d"), null, false, 4)))
			.containsExactlyInAnyOrder(List.of(1, "one", 1.0, "1.0"), List.of(2, "two", 2.0, "2.0"));
	}

	@Test
	void doubleKeysJoinNanWithNanAndNegativeZeroWithZero() {
		Schema ls = Schema.parse("a DOUBLE");
		Schema rs = Schema.parse("b DOUBLE");
		List<Object[]> left = List.<Object[]>of(new Object[] { Double.NaN }, new Object[] { -0.0 });
		List<Object[]> right = List.<Object[]>of(new Object[] { Double.NaN }, new Object[] { 0.0 });
		assertThat(join(JoinType.INNER, ls, left, rs, right, List.of("a"), List.of("b"), null, false, 4)).hasSize(2);
	}

	@Test
	void aKeyWithManyMatchesStreamsInBoundedBatches() {
		List<Object[]> left = new ArrayList<>();
		List<Object[]> right = new ArrayList<>();
		for (int i = 0; i < 150; i++) {
			left.add(new Object[] { 1, "l" + i, i });
			right.add(new Object[] { 1L, "r" + i, i });
		}
		assertThat(join(JoinType.INNER, LEFT, left, RIGHT, right, List.of("k"), List.of("rk"), null, false, 1000))
			.hasSize(22_500);
		assertThat(join(JoinType.LEFT, LEFT, left, RIGHT, right, List.of("k"), List.of("rk"), "lx < ry", false, 1000))
			.hasSize(150 * 149 / 2 + 1);
	}

	@Test
	void anEmptySideJoinsToNothingOrToNullPadding() {
		List<Object[]> rows = List.<Object[]>of(new Object[] { 1, "a", 1 });
		assertThat(join(JoinType.INNER, LEFT, rows, RIGHT, List.of(), List.of("k"), List.of("rk"), null, false, 4))
			.isEmpty();
		assertThat(
				asLists(join(JoinType.LEFT, LEFT, rows, RIGHT, List.of(), List.of("k"), List.of("rk"), null, false, 4)))
			.containsExactly(Arrays.asList(1, "a", 1, null, null, null));
		assertThat(
				asLists(join(JoinType.ANTI, LEFT, rows, RIGHT, List.of(), List.of("k"), List.of("rk"), null, false, 4)))
			.containsExactly(List.of(1, "a", 1));
		assertThat(join(JoinType.RIGHT, LEFT, List.of(), RIGHT, List.of(), List.of("k"), List.of("rk"), null, false, 4))
			.isEmpty();
	}

}
