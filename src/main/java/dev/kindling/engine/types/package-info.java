/**
 * Data types, fields and schemas, with Spark's type names ({@code int}, {@code bigint},
 * {@code
 * double}, {@code decimal}, {@code string}, {@code boolean}, {@code date},
 * {@code timestamp}) and the DDL-style schema strings of the CSV reader
 * ({@code "id INT, name STRING"}).
 */
package dev.kindling.engine.types;
