package dev.kindling.engine.expr;

import java.util.Objects;

/** {@code x IS NULL}, or {@code x IS NOT NULL} when negated. */
public record IsNull(Expr operand, boolean negated, int position) implements Expr {

	public IsNull {
		Objects.requireNonNull(operand, "operand");
	}

	@Override
	public String sql() {
		return "(" + this.operand.sql() + (this.negated ? " IS NOT NULL)" : " IS NULL)");
	}

}
