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
		String between = "(" + this.operand.sql() + " BETWEEN " + this.low.sql() + " AND " + this.high.sql() + ")";
		// Spark parses NOT BETWEEN as NOT(BETWEEN) and names it so
		return this.negated ? "(NOT " + between + ")" : between;
	}

}
