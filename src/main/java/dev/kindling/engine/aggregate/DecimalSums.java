package dev.kindling.engine.aggregate;

import java.math.BigInteger;
import java.util.Arrays;

import dev.kindling.engine.types.DecimalType;
import dev.kindling.engine.types.Decimals;
import dev.kindling.engine.vector.DecimalVector;

/**
 * Exact sums of unscaled decimals per group, for {@code sum} and {@code avg}: a
 * {@code long} per group that takes every value while it does not overflow, and for a
 * group whose long would overflow a {@link BigInteger} that takes what the long held so
 * far (the long then starts again from the value). The hot loop is one add and one sign
 * test per row; a group pays for a BigInteger only once its sum passes 9.2e18.
 *
 * <p>
 * Every value added has the scale the sums are kept at (the argument's, which is the sum
 * type's scale).
 */
final class DecimalSums {

	private long[] longs = new long[16];

	private BigInteger[] spilled;

	void grow(int capacity) {
		if (capacity > this.longs.length) {
			this.longs = Arrays.copyOf(this.longs, capacity);
			if (this.spilled != null) {
				this.spilled = Arrays.copyOf(this.spilled, capacity);
			}
		}
	}

	/** Adds rows {@code 0 .. n)} of {@code v} (skipping nulls) to groups {@code gids}. */
	void add(DecimalVector v, int[] gids, int n, boolean[] seen) {
		long[] values = v.values();
		boolean[] nulls = v.nulls();
		boolean compact = v.wide() == null;
		long[] sums = this.longs;
		for (int i = 0; i < n; i++) {
			if (nulls != null && nulls[i]) {
				continue;
			}
			int g = gids[i];
			seen[g] = true;
			if (compact || v.isCompact(i)) {
				long x = values[i];
				long s = sums[g];
				long r = s + x;
				if (((s ^ r) & (x ^ r)) < 0) {
					spill(g, BigInteger.valueOf(s));
					sums[g] = x;
				}
				else {
					sums[g] = r;
				}
			}
			else {
				spill(g, v.unscaledBig(i));
			}
		}
	}

	private void spill(int g, BigInteger value) {
		if (this.spilled == null) {
			this.spilled = new BigInteger[this.longs.length];
		}
		this.spilled[g] = (this.spilled[g] == null) ? value : this.spilled[g].add(value);
	}

	/** Whether group {@code g}'s sum fits a long (then it is {@link #longSum}). */
	boolean isLong(int g) {
		return this.spilled == null || this.spilled[g] == null;
	}

	long longSum(int g) {
		return this.longs[g];
	}

	/** Group {@code g}'s sum, exactly. */
	BigInteger sum(int g) {
		BigInteger small = BigInteger.valueOf(this.longs[g]);
		return isLong(g) ? small : this.spilled[g].add(small);
	}

	/**
	 * Appends group {@code g}'s sum to {@code out} if it fits the vector's precision;
	 * returns false (appending nothing) if it does not.
	 */
	boolean appendTo(DecimalVector out, int g) {
		DecimalType type = out.decimalType();
		if (isLong(g)) {
			if (!Decimals.fits(this.longs[g], type.precision())) {
				return false;
			}
			out.appendUnscaled(this.longs[g]);
			return true;
		}
		BigInteger s = sum(g);
		if (!Decimals.fits(s, type.precision())) {
			return false;
		}
		out.appendUnscaled(s);
		return true;
	}

}
