package dev.kindling.engine.physical;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import dev.kindling.engine.expr.Expr;
import dev.kindling.engine.types.Schema;

/**
 * Reads one byte-range split of a CSV file, parsing only {@code columns} plus what the
 * pushed {@code filters} read, and outputs {@code columns} of the rows that pass the
 * filters.
 */
public record CsvScanExec(String path, Map<String, Object> options, Schema fileSchema, List<Integer> columns,
		List<Expr> filters) implements PhysicalPlan {

	@Override
	public Schema schema() {
		return this.fileSchema.project(this.columns.stream().mapToInt(Integer::intValue).toArray());
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
