package dev.kindling.engine.sql;

import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

import dev.kindling.engine.expr.SortKey;
import dev.kindling.engine.expr.Subquery;

/**
 * A query: common table expressions, a body (a SELECT or a set operation), and the
 * ordering and limit that apply to the body's result.
 *
 * @param with the {@code WITH} clause's tables, in order (each sees the ones before it)
 * @param body the SELECT or set operation
 * @param orderBy the {@code ORDER BY} keys (empty without one)
 * @param limit the {@code LIMIT}, or {@code null}
 * @param position the offset of the query's first token in the SQL text
 */
public record Query(List<Cte> with, QueryBody body, List<SortKey> orderBy, Long limit,
		int position) implements Subquery.Query {

	public Query {
		with = List.copyOf(with);
		Objects.requireNonNull(body, "body");
		orderBy = List.copyOf(orderBy);
	}

	/**
	 * One common table expression: {@code name [(columns)] AS (query)}.
	 *
	 * @param columns names given to the query's columns, or empty
	 */
	public record Cte(String name, List<String> columns, Query query, int position) {

		public Cte {
			columns = List.copyOf(columns);
		}

	}

	@Override
	public String sql() {
		StringBuilder sb = new StringBuilder();
		if (!this.with.isEmpty()) {
			sb.append("WITH ")
				.append(this.with.stream()
					.map(c -> c.name() + (c.columns().isEmpty() ? "" : "(" + String.join(", ", c.columns()) + ")")
							+ " AS (" + c.query().sql() + ")")
					.collect(Collectors.joining(", ")))
				.append(' ');
		}
		sb.append(this.body.sql());
		if (!this.orderBy.isEmpty()) {
			sb.append(" ORDER BY ").append(this.orderBy.stream().map(SortKey::sql).collect(Collectors.joining(", ")));
		}
		if (this.limit != null) {
			sb.append(" LIMIT ").append(this.limit);
		}
		return sb.toString();
	}

}
