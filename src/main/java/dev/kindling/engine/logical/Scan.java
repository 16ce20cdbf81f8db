package dev.kindling.engine.logical;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

import dev.kindling.engine.datasource.SourceOptions;
import dev.kindling.engine.expr.Expr;
import dev.kindling.engine.types.Field;
import dev.kindling.engine.types.Schema;

/**
 * Reads a source's files. After optimization it reads only {@code columns} of the files
 * and applies the pushed-down {@code filters} (which may name columns that are not in the
 * output) before any row leaves the scan; filters on partition columns also prune the
 * files read.
 *
 * @param path the file, folder or glob, relative to the data root or an {@code s3://} URL
 * @param options the reader options, with the schema pinned, the format and the partition
 * columns ({@link SourceOptions})
 * @param fileSchema every column of the source (the partition columns last)
 * @param columns indexes into {@code fileSchema} of the columns this scan outputs, in
 * order
 * @param filters conditions every output row satisfies (conjuncts)
 */
public record Scan(String path, Map<String, Object> options, Schema fileSchema, List<Integer> columns,
		List<Expr> filters) implements LogicalPlan {

	public Scan {
		Objects.requireNonNull(path, "path");
		options = Map.copyOf(options);
		columns = List.copyOf(columns);
		filters = List.copyOf(filters);
	}

	/** A scan of every column, with no filter. */
	public static Scan of(String path, Map<String, Object> options, Schema fileSchema) {
		List<Integer> all = new ArrayList<>();
		for (int i = 0; i < fileSchema.size(); i++) {
			all.add(i);
		}
		return new Scan(path, options, fileSchema, all, List.of());
	}

	@Override
	public Schema schema() {
		List<Field> fields = new ArrayList<>();
		for (int c : this.columns) {
			fields.add(this.fileSchema.field(c));
		}
		return new Schema(fields);
	}

	@Override
	public List<LogicalPlan> children() {
		return List.of();
	}

	@Override
	public String describe() {
		String cols = this.columns.size() == this.fileSchema.size() ? "*"
				: this.columns.stream().map(c -> this.fileSchema.field(c).name()).collect(Collectors.joining(", "));
		String filter = this.filters.isEmpty() ? ""
				: ", filters=[" + this.filters.stream().map(Expr::sql).collect(Collectors.joining(", ")) + "]";
		return "Scan " + SourceOptions.format(this.options) + " " + this.path + " [" + cols + "]" + filter;
	}

	@Override
	public LogicalPlan withChildren(List<LogicalPlan> children) {
		return this;
	}

	public Scan withColumns(List<Integer> newColumns) {
		return new Scan(this.path, this.options, this.fileSchema, newColumns, this.filters);
	}

	public Scan withFilters(List<Expr> newFilters) {
		return new Scan(this.path, this.options, this.fileSchema, this.columns, newFilters);
	}

}
