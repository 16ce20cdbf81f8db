package dev.kindling.engine.expr;

import java.util.Objects;

/**
 * {@code x [NOT] LIKE pattern}: {@code %} matches any sequence, {@code _} one character,
 * and a backslash escapes the next character.
 */
public record Like(Expr operand, Expr pattern, boolean negated, int position) implements Expr {

	public Like {
		Objects.requireNonNull(operand, "operand");
		Objects.requireNonNull(pattern, "pattern");
	}

	@Override
	public String sql() {
		return (this.negated ? "(NOT " : "") + this.operand.sql() + " LIKE " + this.pattern.sql()
				+ (this.negated ? ")" : "");
	}

}
