package dev.kindling.engine.physical;

import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;

import dev.kindling.engine.expr.Expr;
import dev.kindling.engine.expr.Expressions;
import dev.kindling.engine.expr.eval.Binder;
import dev.kindling.engine.expr.eval.BoundExpr;
import dev.kindling.engine.types.Schema;

/**
 * Reads one byte-range split of a CSV file, parsing only {@code columns} plus what the
 * pushed {@code filters} read, and outputs {@code columns} of the rows that pass the
 * filters.
 *
 * @param columns indexes into {@code fileSchema} of the output columns
 * @param filters the pushed conditions as written, for printing
 * @param readColumns indexes into {@code fileSchema} of every column parsed (the output
 * columns and what the filters read), ascending
 * @param boundFilters the filters bound to the {@link #readSchema() parsed columns}
 */
public record CsvScanExec(String path, Map<String, Object> options, Schema fileSchema, List<Integer> columns,
		List<Expr> filters, List<Integer> readColumns, List<BoundExpr> boundFilters) implements PhysicalPlan {

	public CsvScanExec {
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
	 * A scan of {@code columns} with {@code filters} bound to the columns it must parse.
	 */
	public static CsvScanExec of(String path, Map<String, Object> options, Schema fileSchema, List<Integer> columns,
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
		return new CsvScanExec(path, options, fileSchema, columns, filters, readColumns, bound);
	}

	@Override
	public Schema schema() {
		return this.fileSchema.project(this.columns.stream().mapToInt(Integer::intValue).toArray());
	}

	/** The columns the reader parses: {@link #readColumns()} of the file. */
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
		return "CsvScan " + this.path + " [" + cols + "]" + (this.filters.isEmpty() ? ""
				: " PushedFilters: [" + this.filters.stream().map(Expr::sql).collect(Collectors.joining(", ")) + "]");
	}

}
