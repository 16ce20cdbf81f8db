/**
 * Spark SQL expressions: {@link dev.kindling.engine.expr.ExprParser} turns text into an
 * immutable tree of {@link dev.kindling.engine.expr.Expr} records (with source
 * positions), and {@link dev.kindling.engine.expr.Binder} resolves it against a schema,
 * type-checks it with Spark's non-ANSI rules and yields a
 * {@link dev.kindling.engine.expr.BoundExpr} that evaluates whole batches at a time.
 * Errors are {@link dev.kindling.engine.expr.ExprException}s that name the position and,
 * for unknown columns, the column. The evaluation kernels are package-private: only the
 * tree, the parser, the binder and the bound interface are public.
 */
package dev.kindling.engine.expr;
