package dev.kindling.engine.physical;

import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;

import dev.kindling.engine.datasource.SourceOptions;
import dev.kindling.engine.expr.Expr;
import dev.kindling.engine.expr.Expressions;
import dev.kindling.engine.expr.eval.Binder;
import dev.kindling.engine.expr.eval.BoundExpr;
import dev.kindling.engine.types.Schema;

/**
 * Reads one scan partition of a source (byte ranges of its files), parsing only
 * {@code columns} plus what the pushed {@code filters} read, and outputs {@code columns}
 * of the rows that pass the filters. The last {@link #partitionColumns()} columns of the
 * schema come from the files' partition folders, not from the files.
 *
 * @param path the source path as the job names it
 * @param options the source's options (with its format and partition columns)
 * @param fileSchema every column of the source: the files' columns, then the partition
 * columns
 * @param columns indexes into {@code fileSchema} of the output columns
 * @param filters the pushed conditions as written, for printing
 * @param readColumns indexes into {@code fileSchema} of every column read (the output
 * columns and what the filters read), ascending
 * @param boundFilters the filters bound to the {@link #readSchema() columns read}
 * @param files what the planner chose to read, for printing (the files, and how many
 * partition filters pruned), or null
 */
public record FileScanExec(String path, Map<String, Object> options, Schema fileSchema, List<Integer> columns,
		List<Expr> filters, List<Integer> readColumns, List<BoundExpr> boundFilters,
		String files) implements PhysicalPlan {

	public FileScanExec {
		options = Map.copyOf(options);
		columns = List.copyOf(columns);
		filters = List.copyOf(filters);
		readColumns = List.copyOf(readColumns);
		boundFilters = List.copyOf(boundFilters);
		if (filters.size() != boundFilters.size()) {
			throw new IllegalArgumentException("a scan needs one bound expression per filter");
		}
	}

	/**
	 * A scan of {@code columns} with {@code filters} bound to the columns it must read.
	 */
	public static FileScanExec of(String path, Map<String, Object> options, Schema fileSchema, List<Integer> columns,
			List<Expr> filters) {
		TreeSet<Integer> read = new TreeSet<>(columns);
		for (Expr f : filters) {
			for (String name : Expressions.referencedColumns(f)) {
				read.add(fileSchema.indexOf(name));
			}
		}
		List<Integer> readColumns = List.copyOf(read);
		Schema readSchema = fileSchema.project(readColumns.stream().mapToInt(Integer::intValue).toArray());
		List<BoundExpr> bound = filters.stream().map((f) -> Binder.bind(f, readSchema)).toList();
		return new FileScanExec(path, options, fileSchema, columns, filters, readColumns, bound, null);
	}

	/** This scan, printed with what the planner chose to read. */
	public FileScanExec withFiles(String description) {
		return new FileScanExec(this.path, this.options, this.fileSchema, this.columns, this.filters, this.readColumns,
				this.boundFilters, description);
	}

	/** The format's name. */
	public String format() {
		return SourceOptions.format(this.options);
	}

	/** How many of the last columns of the schema come from partition folders. */
	public int partitionColumns() {
		return SourceOptions.partitionColumns(this.options).size();
	}

	@Override
	public Schema schema() {
		return this.fileSchema.project(this.columns.stream().mapToInt(Integer::intValue).toArray());
	}

	/** The columns the scan reads: {@link #readColumns()} of the source. */
	public Schema readSchema() {
		return this.fileSchema.project(this.readColumns.stream().mapToInt(Integer::intValue).toArray());
	}

	@Override
	public List<PhysicalPlan> children() {
		return List.of();
	}

	@Override
	public String describe() {
		String cols = this.columns.stream().map(c -> this.fileSchema.field(c).name()).collect(Collectors.joining(", "));
		String name = format().substring(0, 1).toUpperCase(java.util.Locale.ROOT) + format().substring(1);
		return name + "Scan " + this.path + " [" + cols + "]"
				+ (this.filters.isEmpty() ? "" : " PushedFilters: ["
						+ this.filters.stream().map(Expr::sql).collect(Collectors.joining(", ")) + "]")
				+ (this.files == null ? "" : " " + this.files);
	}

}
