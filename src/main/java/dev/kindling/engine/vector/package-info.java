/**
 * Column vectors of primitives and UTF-8 bytes, and the
 * {@link dev.kindling.engine.vector.Batch} of them that every operator consumes and
 * produces. Rows are never objects on the hot path: a batch holds up to a few thousand
 * rows as one array per column.
 */
package dev.kindling.engine.vector;
