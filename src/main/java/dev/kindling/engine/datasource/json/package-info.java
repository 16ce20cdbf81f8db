/**
 * JSON Lines, as Spark's {@code json} source reads and writes it: one object a line, the
 * schema inferred from the lines or given, nested objects flattened to {@code a.b}
 * columns. A byte-level tokenizer of its own: the engine does not depend on a JSON
 * library, and a data reader's hot path is bytes in, column vectors out.
 */
package dev.kindling.engine.datasource.json;
