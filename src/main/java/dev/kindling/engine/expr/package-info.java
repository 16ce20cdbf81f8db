/**
 * The parsed layer of expressions: what the user wrote, as a tree. The
 * {@link dev.kindling.engine.expr.ExprParser} (with its
 * {@link dev.kindling.engine.expr.Lexer}) turns Spark SQL text into immutable records
 * behind the sealed {@link dev.kindling.engine.expr.Expr} interface, each carrying its
 * source position; {@link dev.kindling.engine.expr.NamedExpr} and
 * {@link dev.kindling.engine.expr.SortKey} add an alias or an ordering, and
 * {@link dev.kindling.engine.expr.Expressions} walks and rewrites trees for the planners.
 * Nothing here is resolved or typed: names are as written and nodes are plain nouns
 * ({@code Binary}, {@code Cast}, {@code FunctionCall}).
 *
 * <p>
 * The SQL parser ({@code engine.sql}) extends the expression grammar through its hooks:
 * qualified names ({@link dev.kindling.engine.expr.ColumnRef}'s qualifier) and subqueries
 * ({@link dev.kindling.engine.expr.Subquery}, which holds the query through an interface
 * the SQL package implements, so this package does not depend on it). The SQL analyzer
 * resolves both before anything is bound.
 *
 * <p>
 * The evaluating layer is {@link dev.kindling.engine.expr.eval}: the binder resolves a
 * tree against a schema into a {@code BoundExpr} made of evaluators whose names end in
 * {@code Eval}. This package depends on nothing of it (the architecture test checks that
 * the engine's packages form no cycle); it only asks
 * {@link dev.kindling.engine.aggregate.AggregateFunctions} which names are aggregates.
 * Errors are {@link dev.kindling.engine.expr.ExprException}s that name the position and,
 * for unknown columns, the column.
 */
package dev.kindling.engine.expr;
