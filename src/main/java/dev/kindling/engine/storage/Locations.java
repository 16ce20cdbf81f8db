package dev.kindling.engine.storage;

import java.util.Locale;

/**
 * Locations as strings: a path relative to the data root ({@code out/x}) or an
 * object-store URL ({@code s3://bucket/prefix/key}); folders are separated by {@code /}
 * in both.
 */
public final class Locations {

	/** The scheme of object storage locations. */
	public static final String S3 = "s3://";

	private Locations() {
	}

	/** Whether the location is on object storage ({@code s3://}; {@code s3a://} too). */
	public static boolean isObjectStore(String location) {
		String lower = location.toLowerCase(Locale.ROOT);
		return lower.startsWith(S3) || lower.startsWith("s3a://");
	}

	/** {@code name} under the folder {@code folder}. */
	public static String join(String folder, String name) {
		if (folder.isEmpty()) {
			return name;
		}
		return folder.endsWith("/") ? folder + name : folder + "/" + name;
	}

	/** The location without a trailing slash (but a bare bucket keeps its form). */
	public static String trim(String location) {
		String out = location;
		while (out.endsWith("/") && !out.endsWith("://") && out.length() > 1) {
			out = out.substring(0, out.length() - 1);
		}
		return out;
	}

	/** The last segment of a location. */
	public static String name(String location) {
		String t = trim(location);
		int slash = t.lastIndexOf('/');
		return slash < 0 ? t : t.substring(slash + 1);
	}

	/** The folder holding a location, or the empty string for a top-level name. */
	public static String parent(String location) {
		String t = trim(location);
		int slash = t.lastIndexOf('/');
		if (slash < 0) {
			return "";
		}
		String parent = t.substring(0, slash);
		return parent.endsWith(":/") ? parent + "/" : parent;
	}

	/**
	 * Whether {@code inner} is {@code outer} or lies under it ({@code out/x} is inside
	 * {@code out}, {@code out2} is not).
	 */
	public static boolean within(String inner, String outer) {
		String i = trim(inner);
		String o = trim(outer);
		if (o.isEmpty()) {
			return !isObjectStore(i);
		}
		return i.equals(o) || i.startsWith(o.endsWith("/") ? o : o + "/");
	}

	/** The part of {@code inner} under the folder {@code outer} (empty when equal). */
	public static String relative(String inner, String outer) {
		String i = trim(inner);
		String o = trim(outer);
		if (i.equals(o)) {
			return "";
		}
		if (o.isEmpty()) {
			return i;
		}
		return i.substring(o.length() + (o.endsWith("/") ? 0 : 1));
	}

}
