package dev.kindling.engine.expr;

import java.util.Objects;

/** An infix operator; {@code position} is that of the operator itself. */
public record Binary(Op op, Expr left, Expr right, int position) implements Expr {

	public enum Op {

		ADD("+"), SUBTRACT("-"), MULTIPLY("*"), DIVIDE("/"), MODULO("%"), CONCAT("||"), EQ("="), NE("<>"), LT("<"),
		LE("<="), GT(">"), GE(">="), NULL_SAFE_EQ("<=>"), AND("AND"), OR("OR");

		private final String symbol;

		Op(String symbol) {
			this.symbol = symbol;
		}

		public String symbol() {
			return this.symbol;
		}

		public boolean isArithmetic() {
			return this == ADD || this == SUBTRACT || this == MULTIPLY || this == DIVIDE || this == MODULO;
		}

		public boolean isComparison() {
			return this == EQ || this == NE || this == LT || this == LE || this == GT || this == GE
					|| this == NULL_SAFE_EQ;
		}

		public boolean isLogical() {
			return this == AND || this == OR;
		}

	}

	public Binary {
		Objects.requireNonNull(op, "op");
		Objects.requireNonNull(left, "left");
		Objects.requireNonNull(right, "right");
	}

	@Override
	public String sql() {
		return "(" + this.left.sql() + " " + this.op.symbol() + " " + this.right.sql() + ")";
	}

}
