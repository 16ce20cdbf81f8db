/**
 * SQL as a second way to write a job: {@link dev.kindling.engine.sql.SqlParser} reads
 * Spark SQL's query syntax into a small AST ({@link dev.kindling.engine.sql.Query} and
 * its parts), whose scalar expressions are the pipeline's own
 * {@link dev.kindling.engine.expr.Expr} trees, and
 * {@link dev.kindling.engine.sql.SqlPlanner} turns it into the same logical plan nodes a
 * pipeline becomes: names resolved through scopes (qualified names, aliases, self-joins),
 * aggregates and HAVING, ORDER BY on aliases and hidden columns, set operations, and
 * every subquery decorrelated into a join. Errors are
 * {@link dev.kindling.engine.sql.SqlException}s naming the line, the column and the
 * token.
 */
package dev.kindling.engine.sql;
