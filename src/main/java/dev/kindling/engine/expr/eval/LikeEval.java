package dev.kindling.engine.expr.eval;

import dev.kindling.engine.types.DataType;
import dev.kindling.engine.vector.Batch;
import dev.kindling.engine.vector.BooleanVector;
import dev.kindling.engine.vector.ColumnVector;
import dev.kindling.engine.vector.StringVector;

/**
 * {@code x LIKE pattern} over strings. A constant pattern is compiled once at bind time;
 * a pattern that varies by row is compiled per row (rare).
 */
final class LikeEval implements BoundExpr {

	private final BoundExpr operand;

	private final BoundExpr pattern;

	private final LikePattern compiled;

	LikeEval(BoundExpr operand, BoundExpr pattern) {
		this.operand = operand;
		this.pattern = pattern;
		this.compiled = (pattern instanceof LiteralEval lit && !lit.isNull())
				? LikePattern.compile((String) lit.value()) : null;
	}

	@Override
	public DataType type() {
		return DataType.BOOLEAN;
	}

	@Override
	public String sql() {
		return this.operand.sql() + " LIKE " + this.pattern.sql();
	}

	@Override
	public ColumnVector evaluate(Batch batch) {
		int n = batch.rowCount();
		StringVector v = (StringVector) this.operand.evaluate(batch);
		boolean[] out = new boolean[Math.max(n, 1)];
		byte[] data = v.data();
		if (this.compiled != null) {
			for (int i = 0; i < n; i++) {
				out[i] = !v.isNull(i) && this.compiled.matches(data, v.start(i), v.length(i));
			}
			return new BooleanVector(out, v.nulls(), n);
		}
		StringVector p = (StringVector) this.pattern.evaluate(batch);
		for (int i = 0; i < n; i++) {
			if (!v.isNull(i) && !p.isNull(i)) {
				out[i] = LikePattern.compile(p.getString(i)).matches(data, v.start(i), v.length(i));
			}
		}
		return new BooleanVector(out, Vectors.unionNulls(v.nulls(), p.nulls(), n), n);
	}

}
