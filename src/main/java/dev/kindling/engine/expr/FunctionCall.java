package dev.kindling.engine.expr;

import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * A call of a scalar function by name ({@code lower(name)}, {@code round(x, 2)}); the
 * name is lower-case and checked by the binder, so an unknown name parses but does not
 * bind.
 */
public record FunctionCall(String name, List<Expr> arguments, int position) implements Expr {

	public FunctionCall {
		Objects.requireNonNull(name, "name");
		arguments = List.copyOf(arguments);
	}

	@Override
	public String sql() {
		return this.name + "(" + this.arguments.stream().map(Expr::sql).collect(Collectors.joining(", ")) + ")";
	}

}
