package dev.kindling.engine.expr;

import java.util.Objects;

/**
 * A column by name, as written (without backticks); resolved case-insensitively by the
 * binder. In SQL a name may be qualified by a table or alias ({@code n1.n_name}); the SQL
 * analyzer resolves qualified names before any expression is bound, so the binder only
 * ever sees unqualified ones.
 *
 * @param qualifier the table or alias before the dot, or {@code null}
 */
public record ColumnRef(String qualifier, String name, int position) implements Expr {

	public ColumnRef {
		Objects.requireNonNull(name, "name");
	}

	/** An unqualified column. */
	public ColumnRef(String name, int position) {
		this(null, name, position);
	}

	@Override
	public String sql() {
		return this.qualifier == null ? this.name : this.qualifier + "." + this.name;
	}

}
