/**
 * The query engine: types, column batches, expressions (parsed in {@code expr}, bound and
 * evaluated in {@code expr.eval}), aggregate functions, logical and physical plans, the
 * optimizer, the stage planner, the CSV data source and the shuffle format. Plain Java
 * with no Spring and no JPA, so every piece is unit-tested in milliseconds; the driver
 * and executor are thin layers around it. Its packages form no dependency cycle.
 */
package dev.kindling.engine;
