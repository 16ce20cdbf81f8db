package dev.kindling.platform;

import java.util.List;

/**
 * One page of a list: the envelope of every list the API answers ({@code items},
 * {@code page} from 0, {@code size} asked for, {@code totalItems}, {@code totalPages}).
 * Every list takes {@code ?page=&size=} the same way (see {@link #check}).
 *
 * @param <T> the item
 * @param items this page's items
 * @param page this page's number, from 0
 * @param size the page size asked for
 * @param totalItems the items in the whole list
 * @param totalPages the pages of the whole list at this size
 */
public record Page<T>(List<T> items, int page, int size, long totalItems, int totalPages) {

	/** The page size when none is asked for (jobs: {@code 20}). */
	public static final int DEFAULT_SIZE = 100;

	/** The largest page size. */
	public static final int MAX_SIZE = 1000;

	public Page {
		items = List.copyOf(items);
	}

	/** A page of a list held whole in memory. */
	public static <T> Page<T> of(List<T> all, int page, int size) {
		check(page, size);
		int from = (int) Math.min((long) page * size, all.size());
		int to = (int) Math.min((long) from + size, all.size());
		return new Page<>(all.subList(from, to), page, size, all.size(), pages(all.size(), size));
	}

	/** The pages {@code totalItems} fill at {@code size} a page. */
	public static int pages(long totalItems, int size) {
		return (int) Math.min(Integer.MAX_VALUE, (totalItems + size - 1) / size);
	}

	/**
	 * Refuses a page below 0, a size outside 1 to {@link #MAX_SIZE}, or a page whose
	 * first item lies past 2^31 (no list is that long): both parameters are reported
	 * together.
	 * @throws BadRequest naming each wrong parameter
	 */
	public static void check(int page, int size) {
		BadRequest.Collector errors = new BadRequest.Collector();
		if (page < 0) {
			errors.parameter("page", "page must be 0 or more");
		}
		if (size < 1 || size > MAX_SIZE) {
			errors.parameter("size", "size must be between 1 and " + MAX_SIZE);
		}
		else if (page > 0 && (long) page * size > Integer.MAX_VALUE - size) {
			errors.parameter("page", "page must be at most " + (Integer.MAX_VALUE / size - 1) + " with size " + size
					+ "; no list is that long");
		}
		errors.throwIfAny();
	}

}
