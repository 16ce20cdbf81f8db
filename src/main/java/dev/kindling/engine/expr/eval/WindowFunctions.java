package dev.kindling.engine.expr.eval;

import java.util.Set;
import java.util.TreeSet;

/**
 * The functions that exist only over a window ({@code row_number() OVER (...)}): ranking
 * and offsets. Every aggregate function is also a window function.
 */
public final class WindowFunctions {

	private static final Set<String> NAMES = new TreeSet<>(Set.of("row_number", "rank", "dense_rank", "percent_rank",
			"ntile", "cume_dist", "lag", "lead", "nth_value"));

	private WindowFunctions() {
	}

	/** The names of the window-only functions, sorted. */
	public static Set<String> names() {
		return NAMES;
	}

	/** Whether {@code name} (lower-case) is a window-only function. */
	public static boolean isWindowFunction(String name) {
		return NAMES.contains(name);
	}

}
