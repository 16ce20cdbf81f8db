package dev.kindling.engine.expr;

import java.util.Objects;

/** {@code x [NOT] BETWEEN low AND high}, both bounds inclusive. */
public record Between(Expr operand, Expr low, Expr high, boolean negated, int position) implements Expr {

	public Between {
		Objects.requireNonNull(operand, "operand");
		Objects.requireNonNull(low, "low");
		Objects.requireNonNull(high, "high");
	}

	@Override
	public String sql() {
		return "(" + this.operand.sql() + (this.negated ? " NOT BETWEEN " : " BETWEEN ") + this.low.sql() + " AND "
				+ this.high.sql() + ")";
	}

}
