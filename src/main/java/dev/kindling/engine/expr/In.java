package dev.kindling.engine.expr;

import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/** {@code x [NOT] IN (a, b, ...)}, with SQL semantics for nulls in the list. */
public record In(Expr operand, List<Expr> list, boolean negated, int position) implements Expr {

	public In {
		Objects.requireNonNull(operand, "operand");
		list = List.copyOf(list);
		if (list.isEmpty()) {
			throw new IllegalArgumentException("IN needs at least one value");
		}
	}

	@Override
	public String sql() {
		String items = this.list.stream().map(Expr::sql).collect(Collectors.joining(", "));
		String in = "(" + this.operand.sql() + " IN (" + items + "))";
		// Spark parses NOT IN as NOT(IN) and names it so
		return this.negated ? "(NOT " + in + ")" : in;
	}

}
