/**
 * Aggregate functions as one type: an
 * {@link dev.kindling.engine.aggregate.AggregateFunction} owns its name and arity, its
 * argument type checks, its result type, the columns of its partial state and its
 * {@link dev.kindling.engine.aggregate.Accumulator}s (update, merge, state, result), so
 * PARTIAL → shuffle → FINAL works for every function the same way.
 * {@link dev.kindling.engine.aggregate.AggregateFunctions} lists them by name. The
 * kernels are specialised per physical type and loop over primitive arrays.
 *
 * <p>
 * This package knows types and vectors only, not expressions: the parser asks it which
 * names are aggregates, and {@code expr.eval.BoundAggregate} binds a call's argument
 * expressions and asks the function for the rest.
 */
package dev.kindling.engine.aggregate;
