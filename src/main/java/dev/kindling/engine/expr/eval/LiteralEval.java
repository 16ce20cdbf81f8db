package dev.kindling.engine.expr.eval;

import dev.kindling.engine.expr.Literal;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Arrays;

import dev.kindling.engine.types.DataType;
import dev.kindling.engine.types.DecimalType;
import dev.kindling.engine.types.Decimals;
import dev.kindling.engine.types.Temporal;
import dev.kindling.engine.vector.Batch;
import dev.kindling.engine.vector.BooleanVector;
import dev.kindling.engine.vector.ColumnVector;
import dev.kindling.engine.vector.DecimalVector;
import dev.kindling.engine.vector.DoubleVector;
import dev.kindling.engine.vector.LongVector;
import dev.kindling.engine.vector.StringVector;

/**
 * A constant (a literal, or a subtree folded at bind time), with its value also in the
 * physical form the kernels compare against, so column-versus-constant loops never box.
 */
final class LiteralEval implements BoundExpr {

	private final Object value;

	private final DataType type;

	private final long longValue;

	private final double doubleValue;

	private final byte[] bytes;

	private final boolean compactDecimal;

	LiteralEval(Object value, DataType type) {
		this.value = value;
		this.type = type;
		long l = 0;
		double d = 0;
		byte[] b = null;
		if (value instanceof Integer || value instanceof Long) {
			l = ((Number) value).longValue();
		}
		else if (value instanceof LocalDate date) {
			l = date.toEpochDay();
		}
		else if (value instanceof LocalDateTime t) {
			l = Temporal.toMicros(t);
		}
		else if (value instanceof Double x) {
			d = x;
		}
		else if (value instanceof String s) {
			b = s.getBytes(StandardCharsets.UTF_8);
		}
		boolean compact = false;
		if (value instanceof BigDecimal dec && Decimals.fitsLong(dec.unscaledValue())) {
			// the unscaled value, at the decimal type's scale (a Literal's invariant)
			l = dec.unscaledValue().longValue();
			compact = true;
		}
		this.compactDecimal = compact;
		this.longValue = l;
		this.doubleValue = d;
		this.bytes = b;
	}

	Object value() {
		return this.value;
	}

	boolean isNull() {
		return this.value == null;
	}

	/**
	 * The value of an int, bigint, date (days) or timestamp (microseconds); the unscaled
	 * value of a decimal that {@link #isCompactDecimal() fits a long}.
	 */
	long longValue() {
		return this.longValue;
	}

	/** Whether this is a decimal whose unscaled value fits a long. */
	boolean isCompactDecimal() {
		return this.compactDecimal;
	}

	double doubleValue() {
		return this.doubleValue;
	}

	byte[] bytes() {
		return this.bytes;
	}

	BigDecimal decimalValue() {
		return (BigDecimal) this.value;
	}

	boolean booleanValue() {
		return Boolean.TRUE.equals(this.value);
	}

	@Override
	public DataType type() {
		return this.type;
	}

	@Override
	public boolean nullable() {
		return this.value == null;
	}

	@Override
	public ColumnVector evaluate(Batch batch) {
		int n = batch.rowCount();
		if (this.value == null) {
			return ColumnVector.nulls(this.type, n);
		}
		switch (this.type.kind()) {
			case INT, BIGINT, DATE, TIMESTAMP: {
				long[] values = new long[Math.max(n, 1)];
				Arrays.fill(values, this.longValue);
				return new LongVector(this.type, values, null, n);
			}
			case DOUBLE: {
				double[] values = new double[Math.max(n, 1)];
				Arrays.fill(values, this.doubleValue);
				return new DoubleVector(values, null, n);
			}
			case BOOLEAN: {
				boolean[] values = new boolean[Math.max(n, 1)];
				Arrays.fill(values, booleanValue());
				return new BooleanVector(values, null, n);
			}
			case STRING: {
				StringVector v = new StringVector(n);
				for (int i = 0; i < n; i++) {
					v.append(this.bytes, 0, this.bytes.length);
				}
				return v;
			}
			case DECIMAL: {
				if (this.compactDecimal) {
					long[] values = new long[Math.max(n, 1)];
					Arrays.fill(values, this.longValue);
					return new DecimalVector((DecimalType) this.type, values, null, null, n);
				}
				ColumnVector v = ColumnVector.allocate(this.type, n);
				for (int i = 0; i < n; i++) {
					v.appendObject(this.value);
				}
				return v;
			}
			default: {
				ColumnVector v = ColumnVector.allocate(this.type, n);
				for (int i = 0; i < n; i++) {
					v.appendObject(this.value);
				}
				return v;
			}
		}
	}

	@Override
	public String sql() {
		return new Literal(this.value, (this.value == null) ? DataType.NULL : this.type, -1).sql();
	}

	@Override
	public String toString() {
		return sql();
	}

}
