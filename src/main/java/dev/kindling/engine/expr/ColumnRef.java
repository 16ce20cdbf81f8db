package dev.kindling.engine.expr;

import java.util.Objects;

/**
 * A column by name, as written (without backticks); resolved case-insensitively by the
 * binder.
 */
public record ColumnRef(String name, int position) implements Expr {

	public ColumnRef {
		Objects.requireNonNull(name, "name");
	}

	@Override
	public String sql() {
		return this.name;
	}

}
