/**
 * The query engine: types, column batches, expressions, logical and physical plans, the
 * optimizer, the stage planner, the CSV data source and the shuffle format. Plain Java
 * with no Spring and no JPA, so every piece is unit-tested in milliseconds; the driver
 * and executor are thin layers around it.
 */
package dev.kindling.engine;
