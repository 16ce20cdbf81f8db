package dev.kindling.engine.sql;

import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

import dev.kindling.engine.expr.Expr;

/** The body of a query: a SELECT, a set operation, or a parenthesized query. */
public sealed interface QueryBody {

	/** Canonical text, for plans and messages. */
	String sql();

	/** The offset of the body's first token in the SQL text. */
	int position();

	/**
	 * {@code SELECT [DISTINCT] items [FROM relations] [WHERE] [GROUP BY] [HAVING]}. The
	 * relations of {@code FROM a, b} are joined with no condition; {@code WHERE} relates
	 * them.
	 *
	 * @param where the condition, or {@code null}
	 * @param having the group condition, or {@code null}
	 */
	record Select(boolean distinct, List<SelectItem> items, List<Relation> from, Expr where, List<Expr> groupBy,
			Expr having, int position) implements QueryBody {

		public Select {
			items = List.copyOf(items);
			from = List.copyOf(from);
			groupBy = List.copyOf(groupBy);
		}

		@Override
		public String sql() {
			StringBuilder sb = new StringBuilder("SELECT ");
			if (this.distinct) {
				sb.append("DISTINCT ");
			}
			sb.append(this.items.stream().map(SelectItem::sql).collect(Collectors.joining(", ")));
			if (!this.from.isEmpty()) {
				sb.append(" FROM ").append(this.from.stream().map(Relation::sql).collect(Collectors.joining(", ")));
			}
			if (this.where != null) {
				sb.append(" WHERE ").append(this.where.sql());
			}
			if (!this.groupBy.isEmpty()) {
				sb.append(" GROUP BY ").append(this.groupBy.stream().map(Expr::sql).collect(Collectors.joining(", ")));
			}
			if (this.having != null) {
				sb.append(" HAVING ").append(this.having.sql());
			}
			return sb.toString();
		}

	}

	/**
	 * {@code left UNION|INTERSECT|EXCEPT [ALL] right}.
	 *
	 * @param all whether duplicates are kept ({@code ALL}); otherwise the result is
	 * distinct
	 */
	record SetOperation(Op op, boolean all, QueryBody left, QueryBody right, int position) implements QueryBody {

		/** The set operators. */
		public enum Op {

			UNION, INTERSECT, EXCEPT

		}

		public SetOperation {
			Objects.requireNonNull(op, "op");
		}

		@Override
		public String sql() {
			return this.left.sql() + " " + this.op + (this.all ? " ALL " : " ") + this.right.sql();
		}

	}

	/** {@code (query)} used as a body, with its own ORDER BY and LIMIT. */
	record Nested(Query query) implements QueryBody {

		@Override
		public String sql() {
			return "(" + this.query.sql() + ")";
		}

		@Override
		public int position() {
			return this.query.position();
		}

	}

}
