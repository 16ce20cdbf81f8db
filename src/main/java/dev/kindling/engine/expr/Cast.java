package dev.kindling.engine.expr;

import java.util.Locale;
import java.util.Objects;

import dev.kindling.engine.types.DataType;

/**
 * {@code CAST(x AS type)}: a value that does not convert is an error in ANSI mode (null
 * without it); or {@code TRY_CAST(x AS type)}, where it is always null, as in Spark.
 *
 * @param operand what is converted
 * @param type the type it converts to
 * @param lenient whether this is {@code TRY_CAST}
 * @param position the position of the cast in the source text
 */
public record Cast(Expr operand, DataType type, boolean lenient, int position) implements Expr {

	public Cast {
		Objects.requireNonNull(operand, "operand");
		Objects.requireNonNull(type, "type");
	}

	/** A plain {@code CAST}. */
	public Cast(Expr operand, DataType type, int position) {
		this(operand, type, false, position);
	}

	@Override
	public String sql() {
		return (this.lenient ? "TRY_CAST(" : "CAST(") + this.operand.sql() + " AS "
				+ this.type.sqlName().toUpperCase(Locale.ROOT) + ")";
	}

}
