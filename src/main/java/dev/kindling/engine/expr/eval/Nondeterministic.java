package dev.kindling.engine.expr.eval;

/**
 * An evaluator whose values are not a function of its inputs alone ({@code rand()}): the
 * binder never folds it, nor anything above it, to a constant.
 */
interface Nondeterministic {

}
