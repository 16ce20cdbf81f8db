package dev.kindling.engine.expr;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Objects;

import dev.kindling.engine.types.DataType;
import dev.kindling.engine.types.DecimalType;
import dev.kindling.engine.types.Decimals;
import dev.kindling.engine.types.Temporal;

/**
 * A constant, as a plain Java value matching its type: {@code Integer} (int),
 * {@code Long} (bigint), {@code Double}, {@code BigDecimal} (with the scale of its
 * {@code decimal(p,s)} type), {@code String}, {@code Boolean}, {@code LocalDate},
 * {@code LocalDateTime}, or {@code null} (any type; the bare {@code null} literal has
 * type {@link DataType#NULL}).
 */
public record Literal(Object value, DataType type, int position) implements Expr {

	public Literal {
		Objects.requireNonNull(type, "type");
		if (value != null && !matches(value, type)) {
			throw new IllegalArgumentException("literal " + value + " (" + value.getClass().getSimpleName()
					+ ") is not of type " + type.sqlName());
		}
	}

	private static boolean matches(Object value, DataType type) {
		return switch (type.kind()) {
			case INT -> value instanceof Integer;
			case BIGINT -> value instanceof Long;
			case DOUBLE -> value instanceof Double;
			case DECIMAL -> value instanceof BigDecimal d && d.scale() == ((DecimalType) type).scale()
					&& Decimals.fits(d.unscaledValue(), ((DecimalType) type).precision());
			case STRING -> value instanceof String;
			case BOOLEAN -> value instanceof Boolean;
			case DATE -> value instanceof LocalDate;
			case TIMESTAMP -> value instanceof LocalDateTime;
			case BINARY -> value instanceof byte[];
			case NULL -> false;
		};
	}

	@Override
	public String sql() {
		if (this.value == null) {
			return "NULL";
		}
		return switch (this.type.kind()) {
			case DOUBLE -> formatDouble((Double) this.value);
			case DECIMAL -> ((BigDecimal) this.value).toPlainString();
			case DATE -> "DATE '" + this.value + "'";
			case TIMESTAMP -> "TIMESTAMP '" + Temporal.formatTimestamp((LocalDateTime) this.value) + "'";
			default -> this.value.toString();
		};
	}

	static String formatDouble(double d) {
		String s = Double.toString(d);
		if (s.contains("E") && !Double.isInfinite(d) && Math.abs(d) < 1e21 && Math.abs(d) >= 1e-6) {
			s = BigDecimal.valueOf(d).toPlainString();
			if (!s.contains(".")) {
				s = s + ".0";
			}
		}
		return s;
	}

}
