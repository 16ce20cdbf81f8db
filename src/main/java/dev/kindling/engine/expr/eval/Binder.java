package dev.kindling.engine.expr.eval;

import dev.kindling.engine.expr.Expr;
import dev.kindling.engine.expr.Literal;
import dev.kindling.engine.expr.ColumnRef;
import dev.kindling.engine.expr.AggregateCall;
import dev.kindling.engine.expr.Unary;
import dev.kindling.engine.expr.Binary;
import dev.kindling.engine.expr.IsNull;
import dev.kindling.engine.expr.In;
import dev.kindling.engine.expr.Between;
import dev.kindling.engine.expr.Like;
import dev.kindling.engine.expr.Case;
import dev.kindling.engine.expr.Cast;
import dev.kindling.engine.expr.FunctionCall;
import dev.kindling.engine.expr.ExprException;
import dev.kindling.engine.expr.ExprParser;

import java.util.ArrayList;
import java.util.List;

import dev.kindling.engine.types.DataType;
import dev.kindling.engine.types.DecimalType;
import dev.kindling.engine.types.QueryExecutionException;
import dev.kindling.engine.types.Field;
import dev.kindling.engine.types.Schema;
import dev.kindling.engine.vector.Batch;
import dev.kindling.engine.vector.ColumnVector;

/**
 * Resolves an {@link Expr} against an input schema and type-checks it, producing a
 * {@link BoundExpr} that evaluates over batches of that schema.
 *
 * <p>
 * Columns resolve case-insensitively. Types follow Spark SQL without ANSI mode: numbers
 * widen int → bigint → decimal → double; {@code /} is always double; a string compared
 * with a number, date or timestamp is cast to that type; a value that does not convert
 * becomes null. Subtrees made only of constants are folded here, once, rather than per
 * batch. Aggregate calls are rejected here: the aggregation planner binds them with
 * {@link BoundAggregate#bind}.
 */
public final class Binder {

	/**
	 * Deeper trees than this are refused, so no recursion here or downstream can
	 * overflow.
	 */
	private static final int MAX_BIND_DEPTH = ExprParser.MAX_DEPTH * 2;

	private static final Batch ONE_ROW = new Batch(new ColumnVector[0], 1);

	private final Schema input;

	private Binder(Schema input) {
		this.input = input;
	}

	/**
	 * Binds {@code expr} to columns of {@code input}.
	 * @throws ExprException for an unknown column or function, a wrong number of
	 * arguments, a type error, or an aggregate call
	 */
	public static BoundExpr bind(Expr expr, Schema input) {
		return new Binder(input).bindNode(expr, 0);
	}

	private BoundExpr bindNode(Expr e, int depth) {
		if (depth > MAX_BIND_DEPTH) {
			throw ExprException.at(e.position(), "expression nests deeper than " + ExprParser.MAX_DEPTH + " levels");
		}
		int d = depth + 1;
		if (e instanceof Literal l) {
			return new LiteralEval(l.value(), l.type());
		}
		if (e instanceof ColumnRef c) {
			return column(c);
		}
		if (e instanceof AggregateCall a) {
			throw ExprException.at(a.position(), "aggregate function " + a.sql() + " is not allowed here");
		}
		if (e instanceof dev.kindling.engine.expr.WindowExpr w) {
			throw ExprException.at(w.position(),
					"a window function (" + w.sql() + ") is only allowed in select, withColumn or a window step");
		}
		if (e instanceof Unary u) {
			return unary(u, bindNode(u.operand(), d));
		}
		if (e instanceof Binary b) {
			return binary(b, bindNode(b.left(), d), bindNode(b.right(), d));
		}
		if (e instanceof IsNull n) {
			BoundExpr operand = bindNode(n.operand(), d);
			return fold(new IsNullEval(operand, n.negated()), List.of(operand));
		}
		if (e instanceof In in) {
			BoundExpr operand = bindNode(in.operand(), d);
			List<BoundExpr> items = new ArrayList<>();
			for (Expr item : in.list()) {
				items.add(bindNode(item, d));
			}
			return in(in, operand, items);
		}
		if (e instanceof Between b) {
			return between(b, bindNode(b.operand(), d), bindNode(b.low(), d), bindNode(b.high(), d));
		}
		if (e instanceof Like l) {
			return like(l, bindNode(l.operand(), d), bindNode(l.pattern(), d));
		}
		if (e instanceof Case c) {
			return caseWhen(c, d);
		}
		if (e instanceof Cast c) {
			return explicitCast(c, bindNode(c.operand(), d));
		}
		FunctionCall f = (FunctionCall) e;
		ScalarFunction function = ScalarFunctions.find(f.name());
		if (function == null && WindowFunctions.isWindowFunction(f.name())) {
			throw ExprException.at(f.position(), "window function '" + f.name() + "' needs a window: write " + f.name()
					+ "(...) OVER (...), or use a window step");
		}
		if (function == null) {
			// before binding the arguments, so an unknown function is reported first
			throw ScalarFunctions.unknown(f);
		}
		List<BoundExpr> args = new ArrayList<>();
		for (Expr arg : f.arguments()) {
			args.add(bindNode(arg, d));
		}
		return fold(function.bind(f, args), args);
	}

	private BoundExpr column(ColumnRef c) {
		int index = this.input.indexOf(c.name());
		if (index < 0 && ScalarFunctions.isNiladic(c.name())) {
			// current_date, current_timestamp ... without parentheses, as Spark reads
			// them
			// when no column has the name
			FunctionCall call = new FunctionCall(c.name().toLowerCase(java.util.Locale.ROOT), List.of(), c.position());
			return fold(ScalarFunctions.find(call.name()).bind(call, List.of()), List.of());
		}
		if (index < 0) {
			throw new ExprException("unknown column '" + c.name() + "' at position " + c.position() + " (available: "
					+ String.join(", ", this.input.names()) + ")", c.position(), c.name());
		}
		Field field = this.input.field(index);
		return new ColumnEval(index, field.name(), field.type(), field.nullable());
	}

	private BoundExpr unary(Unary u, BoundExpr operand) {
		DataType t = operand.type();
		if (u.op() == Unary.Op.NOT) {
			BoundExpr p = TypeCoercion.predicate(operand, u.operand(), "NOT");
			return fold(new NotEval(p), List.of(p));
		}
		if (t == DataType.STRING) {
			operand = TypeCoercion.cast(operand, DataType.DOUBLE);
		}
		else if (t == DataType.NULL) {
			operand = TypeCoercion.cast(operand, DataType.INT);
		}
		else if (!t.isNumeric()) {
			throw ExprException.at(u.position(),
					"cannot apply unary '" + ((u.op() == Unary.Op.MINUS) ? "-" : "+") + "' to " + t.sqlName());
		}
		if (u.op() == Unary.Op.PLUS) {
			return operand;
		}
		BoundExpr negated = new NegateEval(operand);
		return fold(negated, List.of(operand));
	}

	private BoundExpr binary(Binary b, BoundExpr left, BoundExpr right) {
		Binary.Op op = b.op();
		if (op.isLogical()) {
			BoundExpr l = TypeCoercion.predicate(left, b.left(), op.symbol());
			BoundExpr r = TypeCoercion.predicate(right, b.right(), op.symbol());
			boolean and = op == Binary.Op.AND;
			List<BoundExpr> operands = new ArrayList<>();
			for (BoundExpr side : List.of(l, r)) {
				if (side instanceof LogicEval inner && inner.isAnd() == and) {
					operands.addAll(inner.operands());
				}
				else {
					operands.add(side);
				}
			}
			return fold(new LogicEval(and, operands), List.of(l, r));
		}
		if (op.isComparison()) {
			return compare(op, left, right, b.position());
		}
		if (op == Binary.Op.CONCAT) {
			BoundExpr l = TypeCoercion.cast(left, DataType.STRING);
			BoundExpr r = TypeCoercion.cast(right, DataType.STRING);
			return fold(new RowFunctionEval("concat", List.of(l, r), DataType.STRING, true,
					(a) -> (String) a[0] + (String) a[1]), List.of(l, r));
		}
		return arithmetic(b, left, right);
	}

	private BoundExpr arithmetic(Binary b, BoundExpr left, BoundExpr right) {
		Binary.Op op = b.op();
		DataType lt = left.type();
		DataType rt = right.type();
		// date +/- days, as Spark's date_add / date_sub
		if ((op == Binary.Op.ADD || op == Binary.Op.SUBTRACT) && lt == DataType.DATE
				&& (rt.isIntegral() || rt == DataType.NULL)) {
			BoundExpr r = TypeCoercion.cast(right, DataType.BIGINT);
			return fold(new ArithmeticEval(op, left, r, DataType.DATE), List.of(left, r));
		}
		if (op == Binary.Op.ADD && rt == DataType.DATE && (lt.isIntegral() || lt == DataType.NULL)) {
			BoundExpr l = TypeCoercion.cast(left, DataType.BIGINT);
			return fold(new ArithmeticEval(op, right, l, DataType.DATE), List.of(l, right));
		}
		DataType type = TypeCoercion.arithmeticType(lt, rt);
		if (type == null) {
			throw ExprException.at(b.position(),
					"cannot apply '" + op.symbol() + "' to " + lt.sqlName() + " and " + rt.sqlName());
		}
		if (type.isDecimal()) {
			return decimalArithmetic(op, left, right, (DecimalType) type);
		}
		if (op == Binary.Op.DIVIDE) {
			type = DataType.DOUBLE;
		}
		BoundExpr cl = TypeCoercion.cast(left, type);
		BoundExpr cr = TypeCoercion.cast(right, type);
		if (TypeCoercion.isNullLiteral(cl) || TypeCoercion.isNullLiteral(cr)) {
			return new LiteralEval(null, type);
		}
		return fold(new ArithmeticEval(op, cl, cr, type), List.of(cl, cr));
	}

	/**
	 * A decimal operator: each operand as the decimal that holds it (an integer constant
	 * with the fewest digits), the result typed by Spark's rules.
	 */
	private BoundExpr decimalArithmetic(Binary.Op op, BoundExpr left, BoundExpr right, DecimalType wider) {
		DecimalType lt = TypeCoercion.decimalOperand(left, wider);
		DecimalType rt = TypeCoercion.decimalOperand(right, wider);
		if (left.type() == DataType.NULL) {
			lt = rt;
		}
		if (right.type() == DataType.NULL) {
			rt = lt;
		}
		DecimalType type = TypeCoercion.decimalResult(op, lt, rt);
		BoundExpr cl = TypeCoercion.cast(left, lt);
		BoundExpr cr = TypeCoercion.cast(right, rt);
		if (TypeCoercion.isNullLiteral(cl) || TypeCoercion.isNullLiteral(cr)) {
			return new LiteralEval(null, type);
		}
		return fold(new ArithmeticEval(op, cl, cr, type), List.of(cl, cr));
	}

	private BoundExpr compare(Binary.Op op, BoundExpr left, BoundExpr right, int position) {
		DataType type = TypeCoercion.comparisonType(left.type(), right.type());
		if (type == null) {
			throw ExprException.at(position,
					"cannot compare " + left.type().sqlName() + " with " + right.type().sqlName());
		}
		if (type == DataType.NULL) {
			type = DataType.BOOLEAN;
		}
		BoundExpr l = TypeCoercion.cast(left, type);
		BoundExpr r = TypeCoercion.cast(right, type);
		if (op != Binary.Op.NULL_SAFE_EQ && (TypeCoercion.isNullLiteral(l) || TypeCoercion.isNullLiteral(r))) {
			return new LiteralEval(null, DataType.BOOLEAN);
		}
		if (l instanceof LiteralEval && !(r instanceof LiteralEval)) {
			// the kernels take a constant on the right
			BoundExpr swap = l;
			l = r;
			r = swap;
			op = flip(op);
		}
		return fold(new CompareEval(op, l, r), List.of(l, r));
	}

	private static Binary.Op flip(Binary.Op op) {
		return switch (op) {
			case LT -> Binary.Op.GT;
			case LE -> Binary.Op.GE;
			case GT -> Binary.Op.LT;
			case GE -> Binary.Op.LE;
			default -> op;
		};
	}

	private BoundExpr in(In in, BoundExpr operand, List<BoundExpr> items) {
		DataType type = operand.type();
		for (int k = 0; k < items.size(); k++) {
			DataType next = TypeCoercion.comparisonType(type, items.get(k).type());
			if (next == null) {
				throw ExprException.at(in.list().get(k).position(),
						"cannot compare " + type.sqlName() + " with " + items.get(k).type().sqlName() + " in IN");
			}
			type = next;
		}
		if (type == DataType.NULL) {
			return new LiteralEval(null, DataType.BOOLEAN);
		}
		BoundExpr x = TypeCoercion.cast(operand, type);
		List<BoundExpr> cast = new ArrayList<>();
		boolean constants = true;
		for (BoundExpr item : items) {
			BoundExpr c = TypeCoercion.cast(item, type);
			constants &= c instanceof LiteralEval;
			cast.add(c);
		}
		BoundExpr result;
		if (constants && InEval.supports(type)) {
			result = new InEval(x, cast.stream().map(LiteralEval.class::cast).toList());
		}
		else {
			List<BoundExpr> equalities = new ArrayList<>();
			for (BoundExpr item : cast) {
				equalities.add(compare(Binary.Op.EQ, x, item, in.position()));
			}
			result = (equalities.size() == 1) ? equalities.get(0) : new LogicEval(false, equalities);
		}
		List<BoundExpr> inputs = new ArrayList<>(cast);
		inputs.add(x);
		result = fold(result, inputs);
		return in.negated() ? fold(new NotEval(result), List.of(result)) : result;
	}

	private BoundExpr between(Between b, BoundExpr operand, BoundExpr low, BoundExpr high) {
		BoundExpr lower = compare(Binary.Op.GE, operand, low, b.position());
		BoundExpr upper = compare(Binary.Op.LE, operand, high, b.position());
		BoundExpr both = fold(new LogicEval(true, List.of(lower, upper)), List.of(lower, upper));
		return b.negated() ? fold(new NotEval(both), List.of(both)) : both;
	}

	private BoundExpr like(Like l, BoundExpr operand, BoundExpr pattern) {
		BoundExpr x = TypeCoercion.cast(operand, DataType.STRING);
		BoundExpr p = TypeCoercion.cast(pattern, DataType.STRING);
		if (TypeCoercion.isNullLiteral(x) || TypeCoercion.isNullLiteral(p)) {
			return new LiteralEval(null, DataType.BOOLEAN);
		}
		BoundExpr result = fold(new LikeEval(x, p), List.of(x, p));
		return l.negated() ? fold(new NotEval(result), List.of(result)) : result;
	}

	private BoundExpr caseWhen(Case c, int depth) {
		BoundExpr operand = (c.operand() != null) ? bindNode(c.operand(), depth) : null;
		List<BoundExpr> conditions = new ArrayList<>();
		List<BoundExpr> results = new ArrayList<>();
		DataType type = DataType.NULL;
		for (Case.When when : c.whens()) {
			BoundExpr condition = bindNode(when.condition(), depth);
			if (operand != null) {
				conditions.add(compare(Binary.Op.EQ, operand, condition, when.condition().position()));
			}
			else {
				conditions.add(TypeCoercion.predicate(condition, when.condition(), "WHEN"));
			}
			BoundExpr result = bindNode(when.result(), depth);
			type = caseType(type, result, when.result());
			results.add(result);
		}
		BoundExpr otherwise = null;
		if (c.otherwise() != null) {
			otherwise = bindNode(c.otherwise(), depth);
			type = caseType(type, otherwise, c.otherwise());
		}
		if (type == DataType.NULL) {
			return new LiteralEval(null, DataType.NULL);
		}
		DataType t = type;
		List<BoundExpr> cast = results.stream().map((r) -> TypeCoercion.cast(r, t)).toList();
		BoundExpr elseValue = (otherwise != null) ? TypeCoercion.cast(otherwise, type) : new LiteralEval(null, type);
		List<BoundExpr> inputs = new ArrayList<>(conditions);
		inputs.addAll(cast);
		inputs.add(elseValue);
		return fold(new CaseEval(conditions, cast, elseValue, type), inputs);
	}

	private static DataType caseType(DataType sofar, BoundExpr result, Expr source) {
		DataType next = TypeCoercion.resultType(sofar, result.type());
		if (next == null) {
			throw ExprException.at(source.position(),
					"CASE branches have incompatible types " + sofar.sqlName() + " and " + result.type().sqlName());
		}
		return next;
	}

	private BoundExpr explicitCast(Cast c, BoundExpr operand) {
		DataType from = operand.type();
		DataType to = c.type();
		if (!TypeCoercion.canCast(from, to)) {
			throw ExprException.at(c.position(), "cannot cast " + from.sqlName() + " to " + to.sqlName());
		}
		return TypeCoercion.cast(operand, to, c.lenient());
	}

	/** {@code node} evaluated now when all its inputs are constants. */
	private static BoundExpr fold(BoundExpr node, List<BoundExpr> inputs) {
		if (node instanceof LiteralEval || node.type() == DataType.NULL || node instanceof Nondeterministic) {
			return node;
		}
		for (BoundExpr input : inputs) {
			if (!(input instanceof LiteralEval)) {
				return node;
			}
		}
		try {
			return new LiteralEval(node.evaluate(ONE_ROW).getObject(0), node.type());
		}
		catch (AnsiError ex) {
			// as Spark's constant folding: a constant that fails stays an expression, and
			// fails only if a row reaches it (not in a CASE branch never taken)
			return node;
		}
		catch (QueryExecutionException ex) {
			// 1/0 in ANSI mode fails when a row is evaluated, not when the job is planned
			// (a query over no rows succeeds, as in Spark)
			return node;
		}
	}

	/**
	 * An expression shown under another name (unary minus, bound as a multiplication).
	 */
	private record Renamed(BoundExpr inner, String sql) implements BoundExpr {

		@Override
		public DataType type() {
			return this.inner.type();
		}

		@Override
		public ColumnVector evaluate(Batch batch) {
			return this.inner.evaluate(batch);
		}

	}

}
