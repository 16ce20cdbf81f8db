package dev.kindling.engine.logical;

import java.util.List;
import java.util.function.Supplier;

import dev.kindling.engine.expr.ColumnRef;
import dev.kindling.engine.expr.Expr;
import dev.kindling.engine.expr.ExprException;
import dev.kindling.engine.expr.ExprParser;
import dev.kindling.engine.expr.Expressions;
import dev.kindling.engine.expr.NamedExpr;
import dev.kindling.engine.expr.eval.Binder;
import dev.kindling.engine.expr.eval.BoundExpr;
import dev.kindling.engine.types.Schema;

/**
 * The checks every step planner shares: a required field, parsing and binding an
 * expression, each failure a {@link PlanException} that points at the field of the job
 * document.
 */
final class PlanChecks {

	private PlanChecks() {
	}

	static NamedExpr columnRef(String name) {
		return new NamedExpr(new ColumnRef(name, 0), name);
	}

	static String required(String value, String at) {
		if (value == null || value.isBlank()) {
			throw new PlanException(at, at.substring(at.lastIndexOf('/') + 1) + " is required");
		}
		return value;
	}

	static List<String> requiredList(List<String> value, String at) {
		if (value == null || value.isEmpty()) {
			throw new PlanException(at, "columns must list at least one column");
		}
		return value;
	}

	static Expr parse(String text, String at) {
		return wrap(() -> ExprParser.parse(text), at);
	}

	static NamedExpr parseNamed(String text, String at) {
		return wrap(() -> ExprParser.parseNamed(text), at);
	}

	static BoundExpr bind(Expr expr, Schema schema, String at) {
		return wrap(() -> Binder.bind(expr, schema), at);
	}

	/** Binds an expression that must not contain an aggregate. */
	static BoundExpr bindScalar(Expr expr, Schema schema, String at) {
		if (Expressions.containsAggregate(expr)) {
			throw new PlanException(at, "aggregate functions are only allowed in groupBy aggregations", expr.position(),
					null, null);
		}
		return bind(expr, schema, at);
	}

	static <T> T wrap(Supplier<T> work, String at) {
		try {
			return work.get();
		}
		catch (ExprException ex) {
			throw new PlanException(at, ex.getMessage(), ex.position(), ex.column(), ex);
		}
	}

}
