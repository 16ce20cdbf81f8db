package dev.kindling.engine.expr.eval;

import java.math.BigDecimal;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import dev.kindling.engine.expr.AggregateCall;
import dev.kindling.engine.expr.Expr;
import dev.kindling.engine.expr.ExprException;
import dev.kindling.engine.expr.FunctionCall;
import dev.kindling.engine.expr.SortKey;
import dev.kindling.engine.expr.WindowExpr;
import dev.kindling.engine.expr.WindowFrame;
import dev.kindling.engine.types.DataType;
import dev.kindling.engine.types.Schema;

/**
 * The functions over windows, with Spark's rules: the ranking functions
 * ({@code row_number}, {@code rank}, {@code dense_rank}, {@code percent_rank},
 * {@code cume_dist}, {@code ntile}) and the offsets ({@code lag}, {@code lead}) need an
 * ORDER BY and take no frame; {@code nth_value} and every aggregate see the frame, by
 * default {@code RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW} with an ORDER BY and
 * the whole partition without one. A frame with offsets on RANGE needs one numeric order
 * key; a frame may not start after it ends; DISTINCT is not allowed over a window.
 */
public final class WindowFunctions {

	private static final Set<String> NAMES = new TreeSet<>(Set.of("row_number", "rank", "dense_rank", "percent_rank",
			"ntile", "cume_dist", "lag", "lead", "nth_value"));

	private static final Set<String> RANKING = Set.of("row_number", "rank", "dense_rank", "percent_rank", "cume_dist",
			"ntile");

	private WindowFunctions() {
	}

	/** The names of the window-only functions, sorted. */
	public static Set<String> names() {
		return NAMES;
	}

	/** Whether {@code name} (lower-case) is a window-only function. */
	public static boolean isWindowFunction(String name) {
		return NAMES.contains(name);
	}

	/**
	 * Binds a function over a window to the window's input schema and checks it with
	 * Spark's rules.
	 * @throws ExprException naming the position of what is wrong
	 */
	public static BoundWindowFunction bind(WindowExpr w, Schema input) {
		for (Expr key : w.partitionBy()) {
			Binder.bind(key, input);
		}
		for (SortKey key : w.orderBy()) {
			Binder.bind(key.expr(), input);
		}
		if (w.function() instanceof AggregateCall call) {
			return aggregate(w, call, input);
		}
		FunctionCall call = (FunctionCall) w.function();
		String name = call.name();
		if (!NAMES.contains(name)) {
			if (ScalarFunctions.find(name) != null) {
				throw ExprException.at(call.position(), "'" + name + "' is not a window function (window functions: "
						+ String.join(", ", NAMES) + ", and every aggregate)");
			}
			throw ScalarFunctions.unknown(call);
		}
		List<BoundExpr> args = call.arguments().stream().map((a) -> Binder.bind(a, input)).toList();
		if (RANKING.contains(name) || name.equals("lag") || name.equals("lead")) {
			if (w.orderBy().isEmpty()) {
				throw ExprException.at(call.position(),
						"window function '" + name + "' needs an ORDER BY in its window");
			}
			if (w.frame() != null) {
				throw ExprException.at(call.position(), "window function '" + name + "' does not take a window frame");
			}
		}
		if (w.ignoreNulls() && RANKING.contains(name)) {
			throw ExprException.at(call.position(), name + " does not take IGNORE NULLS");
		}
		WindowFrame frame = frame(w, input);
		switch (name) {
			case "row_number", "rank", "dense_rank", "percent_rank", "cume_dist" -> {
				FunctionArguments.arity(call, args, 0, 0);
				BoundWindowFunction.Kind kind = BoundWindowFunction.Kind
					.valueOf(name.toUpperCase(java.util.Locale.ROOT));
				DataType type = (name.equals("percent_rank") || name.equals("cume_dist")) ? DataType.DOUBLE
						: DataType.INT;
				return new BoundWindowFunction(w, kind, List.of(), null, 0, null, false, frame, type);
			}
			case "ntile" -> {
				FunctionArguments.arity(call, args, 1, 1);
				long buckets = positive(call, args, 0, "number of buckets");
				return new BoundWindowFunction(w, BoundWindowFunction.Kind.NTILE, List.of(), null, buckets, null, false,
						frame, DataType.INT);
			}
			case "lag", "lead" -> {
				FunctionArguments.arity(call, args, 1, 3);
				long offset = 1;
				if (args.size() >= 2) {
					Integer o = FunctionArguments.constantInt(call, args, 1, "offset");
					if (o == null) {
						throw ExprException.at(call.arguments().get(1).position(),
								name + " expects an offset, got NULL");
					}
					offset = o;
				}
				BoundExpr x = args.get(0);
				DataType type = x.type();
				BoundExpr defaultValue = new LiteralEval(null, type);
				if (args.size() == 3) {
					DataType common = TypeCoercion.resultType(type, args.get(2).type());
					if (common == null) {
						throw ExprException.at(call.arguments().get(2).position(), name + "'s default of type "
								+ args.get(2).type().sqlName() + " does not fit a value of type " + type.sqlName());
					}
					type = common;
					x = TypeCoercion.cast(x, type);
					defaultValue = TypeCoercion.cast(args.get(2), type);
				}
				BoundWindowFunction.Kind kind = name.equals("lag") ? BoundWindowFunction.Kind.LAG
						: BoundWindowFunction.Kind.LEAD;
				return new BoundWindowFunction(w, kind, List.of(x), null, offset, defaultValue, w.ignoreNulls(), frame,
						type);
			}
			default -> {
				FunctionArguments.arity(call, args, 2, 3);
				long n = positive(call, args, 1, "position");
				boolean ignore = w.ignoreNulls() || (args.size() == 3 && flag(call, args, 2));
				return new BoundWindowFunction(w, BoundWindowFunction.Kind.NTH_VALUE, List.of(args.get(0)), null, n,
						null, ignore, frame, args.get(0).type());
			}
		}
	}

	private static BoundWindowFunction aggregate(WindowExpr w, AggregateCall call, Schema input) {
		if (call.distinct()) {
			throw ExprException.at(call.position(), "DISTINCT is not supported in a window: " + call.sql());
		}
		WindowFrame frame = frame(w, input);
		String name = call.function();
		boolean first = name.equals("first") || name.equals("first_value") || name.equals("any_value");
		boolean last = name.equals("last") || name.equals("last_value");
		BoundAggregate bound = BoundAggregate.bind(call, input);
		if (first || last) {
			boolean ignore = w.ignoreNulls();
			if (bound.arguments().size() == 2 && bound.arguments().get(1) instanceof LiteralEval lit) {
				ignore |= Boolean.TRUE.equals(lit.value());
			}
			return new BoundWindowFunction(w, first ? BoundWindowFunction.Kind.FIRST : BoundWindowFunction.Kind.LAST,
					List.of(bound.arguments().get(0)), null, 0, null, ignore, frame, bound.resultType());
		}
		if (w.ignoreNulls()) {
			throw ExprException.at(call.position(), name + " does not take IGNORE NULLS");
		}
		return new BoundWindowFunction(w, BoundWindowFunction.Kind.AGGREGATE, List.of(), bound, 0, null, false, frame,
				bound.resultType());
	}

	/**
	 * The window's frame, or Spark's default for it, checked.
	 * @throws ExprException for a frame that starts after it ends, or offsets a RANGE
	 * cannot count
	 */
	public static WindowFrame frame(WindowExpr w, Schema input) {
		WindowFrame frame = w.frame();
		if (frame == null) {
			return w.orderBy().isEmpty() ? WindowFrame.WHOLE : WindowFrame.RUNNING;
		}
		WindowFrame.Kind start = frame.start().kind();
		WindowFrame.Kind end = frame.end().kind();
		if (start == WindowFrame.Kind.UNBOUNDED_FOLLOWING) {
			throw ExprException.at(w.position(), "a window frame cannot start at UNBOUNDED FOLLOWING");
		}
		if (end == WindowFrame.Kind.UNBOUNDED_PRECEDING) {
			throw ExprException.at(w.position(), "a window frame cannot end at UNBOUNDED PRECEDING");
		}
		if (frame.start().position() > frame.end().position()) {
			throw ExprException.at(w.position(),
					"the window frame starts after it ends: " + frame.start().sql() + " AND " + frame.end().sql());
		}
		boolean offsets = start == WindowFrame.Kind.PRECEDING || start == WindowFrame.Kind.FOLLOWING
				|| end == WindowFrame.Kind.PRECEDING || end == WindowFrame.Kind.FOLLOWING;
		for (WindowFrame.Bound b : List.of(frame.start(), frame.end())) {
			if (b.offset() != null && b.offset().doubleValue() > Integer.MAX_VALUE) {
				throw ExprException.at(w.position(), "window frame bound " + b.sql() + " is too large");
			}
		}
		if (frame.type() == WindowFrame.Type.ROWS) {
			for (WindowFrame.Bound b : List.of(frame.start(), frame.end())) {
				if (b.offset() != null && !(b.offset() instanceof Integer || b.offset() instanceof Long)) {
					throw ExprException.at(w.position(),
							"a ROWS frame counts rows: " + b.sql() + " must be a whole number");
				}
			}
		}
		else if (offsets) {
			if (w.orderBy().size() != 1) {
				throw ExprException.at(w.position(),
						"a RANGE frame with offsets needs exactly one ORDER BY key, got " + w.orderBy().size());
			}
			DataType t = Binder.bind(w.orderBy().get(0).expr(), input).type();
			if (!t.isNumeric()) {
				throw ExprException.at(w.position(), "a RANGE frame with offsets needs a numeric ORDER BY key, got "
						+ t.sqlName() + " (intervals are not supported yet)");
			}
		}
		return frame;
	}

	private static long positive(FunctionCall call, List<BoundExpr> args, int index, String what) {
		Integer value = FunctionArguments.constantInt(call, args, index, what);
		if (value == null || value <= 0) {
			throw ExprException.at(call.arguments().get(index).position(),
					call.name() + " expects a positive " + what + ", got " + value);
		}
		return value;
	}

	private static boolean flag(FunctionCall call, List<BoundExpr> args, int index) {
		Object v = FunctionArguments.constant(call, args, index, "true or false");
		if (!(v instanceof Boolean b)) {
			throw ExprException.at(call.arguments().get(index).position(),
					call.name() + " expects a constant true or false as ignoreNulls");
		}
		return b;
	}

	/** A frame offset as a number of the order key's kind. */
	static double offset(WindowFrame.Bound bound) {
		Number n = bound.offset();
		return (n instanceof BigDecimal d) ? d.doubleValue() : n.doubleValue();
	}

}
