package dev.kindling.engine.sql;

import dev.kindling.engine.expr.Expr;

/** One entry of a SELECT list. */
public sealed interface SelectItem {

	String sql();

	int position();

	/** {@code *} or {@code t.*}: every column of the FROM clause, or of one table. */
	record Star(String qualifier, int position) implements SelectItem {

		@Override
		public String sql() {
			return this.qualifier == null ? "*" : this.qualifier + ".*";
		}

	}

	/**
	 * {@code expression [AS alias]}.
	 *
	 * @param alias the output name, or {@code null}
	 */
	record Item(Expr expr, String alias, int position) implements SelectItem {

		@Override
		public String sql() {
			return this.alias == null ? this.expr.sql() : this.expr.sql() + " AS " + this.alias;
		}

	}

}
