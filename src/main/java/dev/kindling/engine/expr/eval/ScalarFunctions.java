package dev.kindling.engine.expr.eval;

import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import dev.kindling.engine.aggregate.AggregateFunctions;
import dev.kindling.engine.expr.ExprException;
import dev.kindling.engine.expr.FunctionCall;

/**
 * The scalar functions the binder knows, by lower-case name. Adding one is a
 * {@link ScalarFunction} (a static method in the class of its group:
 * {@link StringFunctions}, {@link NumericFunctions}, {@link ConditionalFunctions},
 * {@link DateFunctions}, or a new one) and a line here; an alias is a second line for the
 * same function.
 */
public final class ScalarFunctions {

	private static final Map<String, ScalarFunction> BY_NAME = new TreeMap<>();

	static {
		register("lower", StringFunctions::lower);
		register("upper", StringFunctions::upper);
		register("length", StringFunctions::length);
		register("trim", StringFunctions::trim);
		register("ltrim", StringFunctions::trim);
		register("rtrim", StringFunctions::trim);
		register("substring", StringFunctions::substring);
		register("substr", StringFunctions::substring);
		register("concat", StringFunctions::concat);
		register("abs", NumericFunctions::abs);
		register("round", NumericFunctions::round);
		register("floor", NumericFunctions::floorOrCeil);
		register("ceil", NumericFunctions::floorOrCeil);
		register("ceiling", NumericFunctions::floorOrCeil);
		register("coalesce", ConditionalFunctions::coalesce);
		register("nullif", ConditionalFunctions::nullif);
		register("if", ConditionalFunctions::ifThenElse);
		register("raise_error", ConditionalFunctions::raiseError);
		register("year", DateFunctions::datePart);
		register("month", DateFunctions::datePart);
		register("day", DateFunctions::datePart);
		register("dayofmonth", DateFunctions::datePart);
	}

	private ScalarFunctions() {
	}

	private static void register(String name, ScalarFunction function) {
		if (BY_NAME.put(name, function) != null) {
			throw new IllegalStateException("two scalar functions are named " + name);
		}
	}

	/** The function of this lower-case name, or {@code null} when none has it. */
	public static ScalarFunction find(String name) {
		return BY_NAME.get(name);
	}

	/** Every name, sorted. */
	public static Set<String> names() {
		return Collections.unmodifiableSet(BY_NAME.keySet());
	}

	/** The error for a call of a name no scalar function has. */
	static ExprException unknown(FunctionCall call) {
		return new ExprException(
				"unknown function '" + call.name() + "' at position " + call.position() + " (available: "
						+ String.join(", ", names()) + ", " + String.join(", ", AggregateFunctions.names()) + ")",
				call.position());
	}

}
