package dev.kindling.engine.expr.eval;

import java.util.List;
import java.util.Objects;

import dev.kindling.engine.expr.WindowExpr;
import dev.kindling.engine.expr.WindowFrame;
import dev.kindling.engine.types.DataType;

/**
 * A function over a window, bound to the window's input schema: what it computes, its
 * argument expressions, its constant parameters and the frame it sees (Spark's default
 * filled in). Immutable; the tasks of a stage share it.
 *
 * @param window the call as written
 * @param kind what it computes
 * @param arguments the value argument (x of {@code lag(x)}, {@code nth_value(x, n)},
 * {@code first_value(x)}), bound; empty for ranking functions and aggregates
 * @param aggregate for {@link Kind#AGGREGATE}, the aggregate bound to the input
 * @param parameter the constant: lag/lead's offset, ntile's buckets, nth_value's n
 * @param defaultValue lag/lead's default, bound (a null literal when none)
 * @param ignoreNulls whether nulls are skipped (IGNORE NULLS, or the aggregate's flag)
 * @param frame the frame the function sees
 * @param type the result type
 */
public record BoundWindowFunction(WindowExpr window, Kind kind, List<BoundExpr> arguments, BoundAggregate aggregate,
		long parameter, BoundExpr defaultValue, boolean ignoreNulls, WindowFrame frame, DataType type) {

	/** What a window function computes. */
	public enum Kind {

		ROW_NUMBER, RANK, DENSE_RANK, PERCENT_RANK, CUME_DIST, NTILE, LAG, LEAD, NTH_VALUE,
		/** first, first_value, any_value over the frame */
		FIRST,
		/** last, last_value over the frame */
		LAST,
		/** any other aggregate over the frame */
		AGGREGATE

	}

	public BoundWindowFunction {
		Objects.requireNonNull(window, "window");
		Objects.requireNonNull(kind, "kind");
		arguments = List.copyOf(arguments);
		Objects.requireNonNull(frame, "frame");
		Objects.requireNonNull(type, "type");
	}

	/** The output column's text, for plans. */
	public String sql() {
		return this.window.sql();
	}

}
