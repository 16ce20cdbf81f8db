package dev.kindling.engine.sql;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

import dev.kindling.engine.expr.Expr;

/** An entry of a FROM clause. */
public sealed interface Relation {

	String sql();

	int position();

	/**
	 * A table by name: a common table expression, a job-local table or a catalog table.
	 *
	 * @param alias the name the query uses for it, or {@code null}
	 */
	record Table(String name, String alias, int position) implements Relation {

		public Table {
			Objects.requireNonNull(name, "name");
		}

		@Override
		public String sql() {
			return this.alias == null ? this.name : this.name + " " + this.alias;
		}

	}

	/**
	 * {@code (query) [AS] alias [(columns)]}: a subquery in FROM.
	 *
	 * @param alias the name the query uses for it, or {@code null}
	 * @param columns names given to the subquery's columns, or empty
	 */
	record Derived(Query query, String alias, List<String> columns, int position) implements Relation {

		public Derived {
			Objects.requireNonNull(query, "query");
			columns = List.copyOf(columns);
		}

		@Override
		public String sql() {
			return "(" + this.query.sql() + ")" + (this.alias == null ? "" : " " + this.alias)
					+ (this.columns.isEmpty() ? "" : "(" + String.join(", ", this.columns) + ")");
		}

	}

	/**
	 * {@code left [kind] JOIN right ON condition | USING (columns)}.
	 *
	 * @param condition the ON condition, or {@code null}
	 * @param using the USING columns, or empty
	 */
	record Join(Relation left, Relation right, Kind kind, Expr condition, List<String> using,
			int position) implements Relation {

		/** The join kinds of Spark SQL. */
		public enum Kind {

			INNER, LEFT, RIGHT, FULL, SEMI, ANTI, CROSS

		}

		public Join {
			Objects.requireNonNull(kind, "kind");
			using = List.copyOf(using);
		}

		@Override
		public String sql() {
			String k = switch (this.kind) {
				case INNER -> "JOIN";
				case LEFT -> "LEFT JOIN";
				case RIGHT -> "RIGHT JOIN";
				case FULL -> "FULL JOIN";
				case SEMI -> "LEFT SEMI JOIN";
				case ANTI -> "LEFT ANTI JOIN";
				case CROSS -> "CROSS JOIN";
			};
			String on = this.condition != null ? " ON " + this.condition.sql()
					: this.using.isEmpty() ? "" : " USING (" + String.join(", ", this.using) + ")";
			return this.left.sql() + " " + k + " " + this.right.sql() + on;
		}

		/** The kind's name in lower case, as messages say it. */
		public String kindName() {
			return this.kind.name().toLowerCase(Locale.ROOT);
		}

	}

}
