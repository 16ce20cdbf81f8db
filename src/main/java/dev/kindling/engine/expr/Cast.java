package dev.kindling.engine.expr;

import java.util.Locale;
import java.util.Objects;

import dev.kindling.engine.types.DataType;

/**
 * {@code CAST(x AS type)}; a value that does not convert becomes null (Spark's non-ANSI
 * mode).
 */
public record Cast(Expr operand, DataType type, int position) implements Expr {

	public Cast {
		Objects.requireNonNull(operand, "operand");
		Objects.requireNonNull(type, "type");
	}

	@Override
	public String sql() {
		return "CAST(" + this.operand.sql() + " AS " + this.type.sqlName().toUpperCase(Locale.ROOT) + ")";
	}

}
