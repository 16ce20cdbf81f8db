package dev.kindling.engine.physical;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A straightforward row-at-a-time aggregation over {@code Object[]} rows, to check the
 * operator.
 */
final class AggregateOracle {

	/** One aggregate: {@code function} over column {@code column} (-1 for count(*)). */
	record Agg(String function, int column, boolean distinct) {
	}

	private AggregateOracle() {
	}

	static List<Object[]> aggregate(List<Object[]> rows, List<Function<Object[], Object>> keys, List<Agg> aggs) {
		Map<List<Object>, List<Object[]>> groups = new LinkedHashMap<>();
		if (keys.isEmpty()) {
			groups.put(List.of(), new ArrayList<>());
		}
		for (Object[] row : rows) {
			List<Object> key = new ArrayList<>();
			for (Function<Object[], Object> k : keys) {
				key.add(normalize(k.apply(row)));
			}
			groups.computeIfAbsent(key, x -> new ArrayList<>()).add(row);
		}
		List<Object[]> out = new ArrayList<>();
		for (Map.Entry<List<Object>, List<Object[]>> e : groups.entrySet()) {
			List<Object> row = new ArrayList<>(e.getKey());
			for (Agg a : aggs) {
				row.add(value(a, e.getValue()));
			}
			out.add(row.toArray());
		}
		return out;
	}

	/** GROUP BY sees -0.0 as 0.0 (NaN already equals NaN in {@code Double.equals}). */
	private static Object normalize(Object v) {
		return v instanceof Double d && d == 0.0 ? 0.0 : v;
	}

	static Object value(Agg a, List<Object[]> rows) {
		if (a.column() < 0) {
			return (long) rows.size();
		}
		List<Object> values = new ArrayList<>();
		for (Object[] r : rows) {
			if (r[a.column()] != null) {
				values.add(normalize(r[a.column()]));
			}
		}
		if (a.distinct()) {
			// Decimals are distinct by value (1.0 = 1.00).
			values = new ArrayList<>(new LinkedHashSet<>(
					values.stream().map(v -> v instanceof BigDecimal d ? d.stripTrailingZeros() : v).toList()));
		}
		if (a.function().equals("count")) {
			return (long) values.size();
		}
		if (values.isEmpty()) {
			return null;
		}
		return switch (a.function()) {
			case "sum" -> sum(values);
			case "avg" -> {
				Object sum = sum(values);
				if (sum instanceof BigDecimal d) {
					// Spark: the sum divided to 38 digits of scale, then rounded to scale
					// + 4
					yield d.divide(BigDecimal.valueOf(values.size()), 38, RoundingMode.HALF_UP)
						.setScale(d.scale() + 4, RoundingMode.HALF_UP);
				}
				yield ((Number) sum).doubleValue() / values.size();
			}
			case "min" -> values.stream().min(ORDER).orElseThrow();
			case "max" -> values.stream().max(ORDER).orElseThrow();
			default -> throw new IllegalArgumentException(a.function());
		};
	}

	private static Object sum(List<Object> values) {
		Object first = values.get(0);
		if (first instanceof Double) {
			double s = 0;
			for (Object v : values) {
				s += (Double) v;
			}
			return s;
		}
		if (first instanceof BigDecimal) {
			BigDecimal s = (BigDecimal) first;
			for (Object v : values.subList(1, values.size())) {
				s = s.add((BigDecimal) v);
			}
			return s;
		}
		long s = 0;
		for (Object v : values) {
			s += ((Number) v).longValue();
		}
		return s;
	}

	/**
	 * Spark's order of non-null values: strings by UTF-8 bytes, NaN above every double.
	 */
	@SuppressWarnings({ "unchecked", "rawtypes" })
	static final Comparator<Object> ORDER = (x, y) -> {
		if (x instanceof String s && y instanceof String t) {
			return Integer
				.signum(Arrays.compareUnsigned(s.getBytes(StandardCharsets.UTF_8), t.getBytes(StandardCharsets.UTF_8)));
		}
		if (x instanceof Double d && y instanceof Double e) {
			return d.doubleValue() == e.doubleValue() ? 0 : Double.compare(d, e);
		}
		return ((Comparable) x).compareTo(y);
	};

}
