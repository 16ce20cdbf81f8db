package dev.kindling.engine.sql;

import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * Unique internal column names for one statement. The logical plan binds columns by name,
 * so every column a query introduces (each table's columns, computed columns, aggregates)
 * gets a name no other column of the statement has: its own name the first time,
 * {@code name#2}, {@code name#3} ... after that. Results show the names users wrote.
 */
final class Names {

	private final Set<String> used = new HashSet<>();

	/** {@code base} if no column has it yet, else {@code base#k} for the first free k. */
	String fresh(String base) {
		if (this.used.add(base.toLowerCase(Locale.ROOT))) {
			return base;
		}
		for (int k = 2;; k++) {
			String candidate = base + "#" + k;
			if (this.used.add(candidate.toLowerCase(Locale.ROOT))) {
				return candidate;
			}
		}
	}

}
