/**
 * Data types, fields and schemas, with Spark's type names ({@code int}, {@code bigint},
 * {@code double}, {@code decimal(p,s)}, {@code string}, {@code boolean}, {@code date},
 * {@code timestamp}) and the DDL-style schema strings of the CSV reader
 * ({@code "id INT, price DECIMAL(15,2)"}); the arithmetic of unscaled decimals that every
 * layer shares; the job's ANSI mode and the errors it raises in Spark's error classes.
 */
package dev.kindling.engine.types;
