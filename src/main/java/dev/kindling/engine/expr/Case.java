package dev.kindling.engine.expr;

import java.util.List;
import java.util.Objects;

/**
 * {@code CASE WHEN c THEN v ... [ELSE e] END}, or with an {@code operand},
 * {@code CASE x WHEN v THEN
 * r ... END} (each {@code when} is compared with {@code x}). {@code otherwise} is
 * {@code null} without {@code ELSE}.
 */
public record Case(Expr operand, List<When> whens, Expr otherwise, int position) implements Expr {

	/** One {@code WHEN condition THEN result} branch. */
	public record When(Expr condition, Expr result) {

		public When {
			Objects.requireNonNull(condition, "condition");
			Objects.requireNonNull(result, "result");
		}

	}

	public Case {
		whens = List.copyOf(whens);
		if (whens.isEmpty()) {
			throw new IllegalArgumentException("CASE needs at least one WHEN");
		}
	}

	@Override
	public String sql() {
		StringBuilder sb = new StringBuilder("CASE");
		if (this.operand != null) {
			sb.append(' ').append(this.operand.sql());
		}
		for (When when : this.whens) {
			sb.append(" WHEN ").append(when.condition().sql()).append(" THEN ").append(when.result().sql());
		}
		if (this.otherwise != null) {
			sb.append(" ELSE ").append(this.otherwise.sql());
		}
		return sb.append(" END").toString();
	}

}
