package dev.kindling.engine.expr;

import java.util.Objects;

/**
 * The frame of a window: the rows around each row that an aggregate or {@code nth_value}
 * sees, as {@code ROWS} (counted in rows) or {@code RANGE} (by the value of the single
 * order key, or the current row's peers).
 *
 * @param type ROWS or RANGE
 * @param start where the frame starts
 * @param end where the frame ends
 */
public record WindowFrame(Type type, Bound start, Bound end) {

	/** How bounds are counted. */
	public enum Type {

		ROWS, RANGE

	}

	/** Where a bound is. */
	public enum Kind {

		UNBOUNDED_PRECEDING, PRECEDING, CURRENT_ROW, FOLLOWING, UNBOUNDED_FOLLOWING

	}

	/**
	 * One bound of a frame.
	 *
	 * @param kind where it is
	 * @param offset how far for PRECEDING and FOLLOWING (a non-negative number), else
	 * null
	 */
	public record Bound(Kind kind, Number offset) {

		public Bound {
			Objects.requireNonNull(kind, "kind");
		}

		public static final Bound UNBOUNDED_PRECEDING = new Bound(Kind.UNBOUNDED_PRECEDING, null);

		public static final Bound CURRENT_ROW = new Bound(Kind.CURRENT_ROW, null);

		public static final Bound UNBOUNDED_FOLLOWING = new Bound(Kind.UNBOUNDED_FOLLOWING, null);

		public String sql() {
			return switch (this.kind) {
				case UNBOUNDED_PRECEDING -> "UNBOUNDED PRECEDING";
				case PRECEDING -> this.offset + " PRECEDING";
				case CURRENT_ROW -> "CURRENT ROW";
				case FOLLOWING -> this.offset + " FOLLOWING";
				case UNBOUNDED_FOLLOWING -> "UNBOUNDED FOLLOWING";
			};
		}

		/** The bound as a signed distance: negative before the current row. */
		public double position() {
			return switch (this.kind) {
				case UNBOUNDED_PRECEDING -> Double.NEGATIVE_INFINITY;
				case PRECEDING -> -this.offset.doubleValue();
				case CURRENT_ROW -> 0;
				case FOLLOWING -> this.offset.doubleValue();
				case UNBOUNDED_FOLLOWING -> Double.POSITIVE_INFINITY;
			};
		}

	}

	public WindowFrame {
		Objects.requireNonNull(type, "type");
		Objects.requireNonNull(start, "start");
		Objects.requireNonNull(end, "end");
	}

	/**
	 * Spark's default with an order:
	 * {@code RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW}.
	 */
	public static final WindowFrame RUNNING = new WindowFrame(Type.RANGE, Bound.UNBOUNDED_PRECEDING, Bound.CURRENT_ROW);

	/**
	 * Spark's default without an order:
	 * {@code ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING}.
	 */
	public static final WindowFrame WHOLE = new WindowFrame(Type.ROWS, Bound.UNBOUNDED_PRECEDING,
			Bound.UNBOUNDED_FOLLOWING);

	public String sql() {
		return this.type + " BETWEEN " + this.start.sql() + " AND " + this.end.sql();
	}

}
