package dev.kindling.engine.expr.eval;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

import dev.kindling.engine.types.DataType;
import dev.kindling.engine.types.DecimalType;
import dev.kindling.engine.vector.Batch;
import dev.kindling.engine.vector.BooleanVector;
import dev.kindling.engine.vector.ColumnVector;
import dev.kindling.engine.vector.DecimalVector;
import dev.kindling.engine.vector.DoubleVector;
import dev.kindling.engine.vector.LongVector;
import dev.kindling.engine.vector.StringVector;

/**
 * {@code x IN (constants)} for long-backed, double, string and compact decimal operands:
 * a binary search over the sorted constants, or a byte comparison for strings. SQL
 * semantics: a null operand gives null; no match with a null in the list gives null.
 * Other IN lists are bound as an OR of equalities.
 */
final class InEval implements BoundExpr {

	private final BoundExpr operand;

	private final List<LiteralEval> items;

	private final boolean listHasNull;

	private final long[] longs;

	private final double[] doubles;

	private final byte[][] strings;

	InEval(BoundExpr operand, List<LiteralEval> items) {
		this.operand = operand;
		this.items = List.copyOf(items);
		this.listHasNull = items.stream().anyMatch(LiteralEval::isNull);
		List<LiteralEval> present = items.stream().filter((item) -> !item.isNull()).toList();
		DataType type = operand.type();
		this.longs = (type.isLongBacked() || type.isDecimal())
				? present.stream().mapToLong(LiteralEval::longValue).sorted().toArray() : null;
		this.doubles = (type == DataType.DOUBLE) ? present.stream().mapToDouble(LiteralEval::doubleValue).toArray()
				: null;
		this.strings = (type == DataType.STRING) ? present.stream().map(LiteralEval::bytes).toArray(byte[][]::new)
				: null;
	}

	/**
	 * Long-backed types, doubles, strings, and decimals of at most 18 digits (compared as
	 * their unscaled longs, all at the type's scale).
	 */
	static boolean supports(DataType type) {
		return type.isLongBacked() || type == DataType.DOUBLE || type == DataType.STRING
				|| (type instanceof DecimalType d && d.isCompact());
	}

	@Override
	public DataType type() {
		return DataType.BOOLEAN;
	}

	@Override
	public String sql() {
		return "(" + this.operand.sql() + " IN ("
				+ this.items.stream().map(LiteralEval::sql).collect(Collectors.joining(", ")) + "))";
	}

	@Override
	public ColumnVector evaluate(Batch batch) {
		int n = batch.rowCount();
		ColumnVector v = this.operand.evaluate(batch);
		boolean[] out = new boolean[Math.max(n, 1)];
		if (v instanceof LongVector || v instanceof DecimalVector) {
			long[] values = (v instanceof LongVector l) ? l.values() : ((DecimalVector) v).values();
			for (int i = 0; i < n; i++) {
				out[i] = Arrays.binarySearch(this.longs, values[i]) >= 0;
			}
		}
		else if (v instanceof DoubleVector d) {
			double[] values = d.values();
			for (int i = 0; i < n; i++) {
				for (double c : this.doubles) {
					if (Values.compareDoubles(values[i], c) == 0) {
						out[i] = true;
						break;
					}
				}
			}
		}
		else {
			StringVector s = (StringVector) v;
			for (int i = 0; i < n; i++) {
				for (byte[] c : this.strings) {
					if (s.equalsBytes(i, c, 0, c.length)) {
						out[i] = true;
						break;
					}
				}
			}
		}
		boolean[] nulls = Vectors.copyNulls(v.nulls(), n);
		if (this.listHasNull) {
			for (int i = 0; i < n; i++) {
				nulls[i] |= !out[i];
			}
		}
		for (int i = 0; i < n; i++) {
			if (nulls[i]) {
				out[i] = false;
			}
		}
		return new BooleanVector(out, Vectors.trim(nulls, n), n);
	}

}
