package dev.kindling.engine.expr;

import java.util.Objects;

/** A prefix operator: {@code -x}, {@code +x}, {@code NOT x}. */
public record Unary(Op op, Expr operand, int position) implements Expr {

	public enum Op {

		MINUS, PLUS, NOT

	}

	public Unary {
		Objects.requireNonNull(op, "op");
		Objects.requireNonNull(operand, "operand");
	}

	@Override
	public String sql() {
		return switch (this.op) {
			case MINUS -> "(- " + this.operand.sql() + ")";
			case PLUS -> "(+ " + this.operand.sql() + ")";
			case NOT -> "(NOT " + this.operand.sql() + ")";
		};
	}

}
