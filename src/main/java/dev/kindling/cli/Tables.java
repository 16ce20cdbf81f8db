package dev.kindling.cli;

import java.util.ArrayList;
import java.util.List;

import tools.jackson.databind.JsonNode;

/** Plain-text tables, as Spark's {@code show()} draws them. */
final class Tables {

	private Tables() {
	}

	/**
	 * A table with a frame: {@code +---+} lines, numbers right-aligned, long cells cut at
	 * {@code maxWidth}.
	 */
	static String framed(List<String> header, List<List<String>> rows, List<Boolean> numeric, int maxWidth) {
		int[] widths = new int[header.size()];
		for (int c = 0; c < header.size(); c++) {
			widths[c] = Math.min(maxWidth, header.get(c).length());
		}
		List<List<String>> cells = new ArrayList<>();
		for (List<String> row : rows) {
			List<String> cut = new ArrayList<>();
			for (int c = 0; c < header.size(); c++) {
				String v = c < row.size() ? row.get(c) : "";
				v = v.length() > maxWidth ? v.substring(0, Math.max(0, maxWidth - 3)) + "..." : v;
				widths[c] = Math.max(widths[c], v.length());
				cut.add(v);
			}
			cells.add(cut);
		}
		StringBuilder line = new StringBuilder("+");
		for (int w : widths) {
			line.append("-".repeat(w)).append('+');
		}
		StringBuilder out = new StringBuilder(line).append('\n');
		out.append(row(header, widths, null)).append('\n').append(line).append('\n');
		for (List<String> row : cells) {
			out.append(row(row, widths, numeric)).append('\n');
		}
		return out.append(line).append('\n').toString();
	}

	/** Columns separated by two spaces, no frame (lists of jobs, stages). */
	static String plain(List<String> header, List<List<String>> rows) {
		int[] widths = new int[header.size()];
		for (int c = 0; c < header.size(); c++) {
			widths[c] = header.get(c).length();
		}
		for (List<String> row : rows) {
			for (int c = 0; c < row.size() && c < widths.length; c++) {
				widths[c] = Math.max(widths[c], row.get(c).length());
			}
		}
		StringBuilder out = new StringBuilder();
		List<List<String>> all = new ArrayList<>();
		all.add(header);
		all.addAll(rows);
		for (List<String> row : all) {
			StringBuilder line = new StringBuilder();
			for (int c = 0; c < widths.length; c++) {
				String v = c < row.size() ? row.get(c) : "";
				line.append(v).append(" ".repeat(widths[c] - v.length()));
				if (c < widths.length - 1) {
					line.append("  ");
				}
			}
			out.append(line.toString().stripTrailing()).append('\n');
		}
		return out.toString();
	}

	private static String row(List<String> values, int[] widths, List<Boolean> numeric) {
		StringBuilder out = new StringBuilder("|");
		for (int c = 0; c < widths.length; c++) {
			String v = values.get(c);
			String pad = " ".repeat(widths[c] - v.length());
			boolean right = numeric != null && c < numeric.size() && numeric.get(c);
			out.append(right ? pad + v : v + pad).append('|');
		}
		return out.toString();
	}

	/** A job's result: the count, the rows as a table, or what was written. */
	static String result(JsonNode result) {
		if (result == null || result.isMissingNode() || result.isNull()) {
			return "(no result)\n";
		}
		if (result.has("count") && !result.has("rows")) {
			return "count: " + result.path("count").asLong() + "\n";
		}
		if (result.has("rows")) {
			List<String> header = new ArrayList<>();
			List<Boolean> numeric = new ArrayList<>();
			for (JsonNode column : result.path("schema")) {
				header.add(column.path("name").asString(""));
				String type = column.path("type").asString("").toLowerCase(java.util.Locale.ROOT);
				numeric.add(type.startsWith("int") || type.startsWith("bigint") || type.startsWith("double")
						|| type.startsWith("decimal") || type.startsWith("long"));
			}
			List<List<String>> rows = new ArrayList<>();
			for (JsonNode row : result.path("rows")) {
				List<String> cells = new ArrayList<>();
				for (JsonNode cell : row) {
					cells.add(cell.isNull() ? "null" : cell.isString() ? cell.asString() : cell.toString());
				}
				rows.add(cells);
			}
			StringBuilder out = new StringBuilder(framed(header, rows, numeric, 40));
			long total = result.path("totalRows").asLong(rows.size());
			out.append(total > rows.size() ? "showing the first " + rows.size() + " of " + total + " rows\n"
					: rows.size() == 1 ? "(1 row)\n" : "(" + rows.size() + " rows)\n");
			return out.toString();
		}
		if (result.has("path")) {
			return "wrote " + result.path("rows").asLong() + " rows in " + result.path("files").asLong() + " files to "
					+ result.path("path").asString("") + "\n";
		}
		return result.toString() + "\n";
	}

}
