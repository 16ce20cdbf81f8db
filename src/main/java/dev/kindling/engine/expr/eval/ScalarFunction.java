package dev.kindling.engine.expr.eval;

import java.util.List;

import dev.kindling.engine.expr.ExprException;
import dev.kindling.engine.expr.FunctionCall;

/**
 * A scalar function ({@code lower}, {@code round}, ...): given a call and its arguments
 * already bound, it checks their number and types, coerces them
 * ({@link FunctionArguments}, {@link TypeCoercion}) and returns the expression that
 * computes it: one of its own vectorized {@link BoundExpr}s, or the per-row path of
 * {@link RowFunctionEval}. Listed by name in {@link ScalarFunctions}. When every argument
 * is a constant the binder folds the result to a constant once.
 */
@FunctionalInterface
public interface ScalarFunction {

	/**
	 * @param call the call as written: its lower-case name, and its arguments' source
	 * positions for errors
	 * @param args the arguments, bound, in order
	 * @throws ExprException for a wrong number of arguments or an argument of a type the
	 * function does not take, at the position of the call or of the argument
	 */
	BoundExpr bind(FunctionCall call, List<BoundExpr> args);

}
