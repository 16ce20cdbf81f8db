/**
 * The bound, evaluating layer of expressions. The
 * {@link dev.kindling.engine.expr.eval.Binder} resolves a parsed
 * {@link dev.kindling.engine.expr.Expr} against an input schema, type-checks it with
 * Spark's non-ANSI rules (the implicit casts are
 * {@link dev.kindling.engine.expr.eval.TypeCoercion}), folds constants, and yields a
 * {@link dev.kindling.engine.expr.eval.BoundExpr}: a tree of evaluators that computes a
 * whole batch per call. Evaluators are named for what they evaluate with an {@code Eval}
 * suffix ({@code ArithmeticEval}, {@code CompareEval}, {@code CastEval}), so they never
 * read as the parsed nodes ({@code Binary}, {@code Cast}) they come from; they are
 * package-private, immutable and safe to share between the tasks of a stage.
 *
 * <p>
 * A scalar function is a {@link dev.kindling.engine.expr.eval.ScalarFunction} listed by
 * name in {@link dev.kindling.engine.expr.eval.ScalarFunctions}; its body sits in the
 * class of its group ({@code StringFunctions}, {@code NumericFunctions},
 * {@code ConditionalFunctions}, {@code DateFunctions}) and checks its arguments with
 * {@code FunctionArguments}. An aggregate call binds to a
 * {@link dev.kindling.engine.expr.eval.BoundAggregate}: its arguments bound here, the
 * rest (types, partial state, accumulators) asked of its
 * {@link dev.kindling.engine.aggregate.AggregateFunction}.
 */
package dev.kindling.engine.expr.eval;
