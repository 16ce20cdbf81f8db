package dev.kindling.engine.expr.eval;

import java.time.ZoneId;

import dev.kindling.engine.types.DataType;
import dev.kindling.engine.vector.Batch;
import dev.kindling.engine.vector.ColumnVector;
import dev.kindling.engine.vector.LongVector;
import dev.kindling.engine.vector.StringVector;

/**
 * Text read as a date or a timestamp the way Spark casts it ({@link DateTimeText}): what
 * {@code to_date(s)} and {@code to_timestamp(s)} do, and how the date and time functions
 * read a string argument. Text that names no date is an error under ANSI mode
 * ({@code CAST_INVALID_INPUT}), else null; or always null for the {@code try_} functions.
 */
final class TextToTemporalEval implements BoundExpr {

	private final BoundExpr operand;

	private final DataType target;

	private final ZoneId zone;

	private final boolean failOnError;

	private final String name;

	TextToTemporalEval(String name, BoundExpr operand, DataType target, ZoneId zone, boolean failOnError) {
		this.name = name;
		this.operand = operand;
		this.target = target;
		this.zone = zone;
		this.failOnError = failOnError;
	}

	/** {@code arg} as a date: a string is read as Spark casts it, anything else cast. */
	static BoundExpr date(BoundExpr arg) {
		Session session = Session.current();
		if (arg.type() == DataType.STRING) {
			return new TextToTemporalEval(null, arg, DataType.DATE, session.timeZone(), session.ansi());
		}
		return TypeCoercion.cast(arg, DataType.DATE);
	}

	/** {@code arg} as a timestamp: a string is read as Spark casts it. */
	static BoundExpr timestamp(BoundExpr arg) {
		Session session = Session.current();
		if (arg.type() == DataType.STRING) {
			return new TextToTemporalEval(null, arg, DataType.TIMESTAMP, session.timeZone(), session.ansi());
		}
		return TypeCoercion.cast(arg, DataType.TIMESTAMP);
	}

	@Override
	public DataType type() {
		return this.target;
	}

	@Override
	public String sql() {
		return (this.name != null) ? this.name + "(" + this.operand.sql() + ")" : "CAST(" + this.operand.sql() + " AS "
				+ this.target.sqlName().toUpperCase(java.util.Locale.ROOT) + ")";
	}

	@Override
	public ColumnVector evaluate(Batch batch) {
		int n = batch.rowCount();
		StringVector in = (StringVector) this.operand.evaluate(batch);
		LongVector out = new LongVector(this.target, n);
		for (int i = 0; i < n; i++) {
			if (in.isNull(i)) {
				out.appendNull();
				continue;
			}
			String s = in.getString(i);
			Long v = (this.target == DataType.DATE) ? DateTimeText.parseDate(s) : DateTimeText.parseWall(s, this.zone);
			if (v == null) {
				if (this.failOnError) {
					throw AnsiError.castInvalidInput(s, "STRING",
							this.target.sqlName().toUpperCase(java.util.Locale.ROOT));
				}
				out.appendNull();
			}
			else {
				out.append(v);
			}
		}
		return out;
	}

}
