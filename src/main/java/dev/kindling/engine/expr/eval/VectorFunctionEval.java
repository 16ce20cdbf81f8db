package dev.kindling.engine.expr.eval;

import java.util.List;
import java.util.stream.Collectors;

import dev.kindling.engine.types.DataType;
import dev.kindling.engine.vector.Batch;
import dev.kindling.engine.vector.ColumnVector;

/**
 * The vectorized path for scalar functions: the arguments are evaluated to vectors once
 * per batch and a {@link RowKernel} reads each row straight from them (UTF-8 bytes,
 * primitive longs and doubles, never a boxed value or a {@code String} unless the kernel
 * makes one) and appends the result to the output vector. A function marked
 * {@code nullIntolerant} gives null whenever an argument is null, without calling the
 * kernel.
 */
final class VectorFunctionEval implements BoundExpr {

	/**
	 * Computes one row: reads {@code args} at {@code row}, appends one value to
	 * {@code out}.
	 */
	@FunctionalInterface
	interface RowKernel {

		void apply(ColumnVector[] args, int row, ColumnVector out, Scratch scratch);

	}

	/** A byte buffer for kernels that build a value, reused for a whole batch. */
	static final class Scratch {

		byte[] bytes = new byte[64];

		int length;

		/** Room for {@code extra} more bytes. */
		void ensure(int extra) {
			long need = (long) this.length + extra;
			if (need > Utf8.MAX_VALUE_BYTES) {
				throw Utf8.tooLong(need);
			}
			if (need > this.bytes.length) {
				this.bytes = java.util.Arrays.copyOf(this.bytes,
						(int) Math.min(Integer.MAX_VALUE - 8, Math.max(need, 2L * this.bytes.length)));
			}
		}

		void add(byte[] src, int from, int n) {
			ensure(n);
			System.arraycopy(src, from, this.bytes, this.length, n);
			this.length += n;
		}

		void add(byte b) {
			ensure(1);
			this.bytes[this.length++] = b;
		}

		void addCodePoint(int cp) {
			ensure(4);
			this.length = Utf8.encode(cp, this.bytes, this.length);
		}

	}

	private final String name;

	private final List<BoundExpr> arguments;

	private final DataType type;

	private final boolean nullIntolerant;

	private final RowKernel kernel;

	VectorFunctionEval(String name, List<BoundExpr> arguments, DataType type, boolean nullIntolerant,
			RowKernel kernel) {
		this.name = name;
		this.arguments = List.copyOf(arguments);
		this.type = type;
		this.nullIntolerant = nullIntolerant;
		this.kernel = kernel;
	}

	/** A null-intolerant function: null in, null out. */
	static VectorFunctionEval of(String name, List<BoundExpr> arguments, DataType type, RowKernel kernel) {
		return new VectorFunctionEval(name, arguments, type, true, kernel);
	}

	@Override
	public DataType type() {
		return this.type;
	}

	@Override
	public String sql() {
		return this.name + "(" + this.arguments.stream().map(BoundExpr::sql).collect(Collectors.joining(", ")) + ")";
	}

	@Override
	public ColumnVector evaluate(Batch batch) {
		int n = batch.rowCount();
		ColumnVector[] inputs = new ColumnVector[this.arguments.size()];
		boolean anyNulls = false;
		for (int k = 0; k < inputs.length; k++) {
			inputs[k] = this.arguments.get(k).evaluate(batch);
			anyNulls |= inputs[k].hasNulls();
		}
		ColumnVector out = ColumnVector.allocate(this.type, n);
		Scratch scratch = new Scratch();
		boolean check = anyNulls && this.nullIntolerant;
		for (int i = 0; i < n; i++) {
			if (check && anyNull(inputs, i)) {
				out.appendNull();
			}
			else {
				this.kernel.apply(inputs, i, out, scratch);
			}
		}
		return out;
	}

	private static boolean anyNull(ColumnVector[] inputs, int row) {
		for (ColumnVector v : inputs) {
			if (v.isNull(row)) {
				return true;
			}
		}
		return false;
	}

}
