package dev.kindling.engine.shuffle;

import java.math.BigDecimal;
import java.math.BigInteger;

import dev.kindling.engine.vector.BooleanVector;
import dev.kindling.engine.vector.ColumnVector;
import dev.kindling.engine.vector.DecimalVector;
import dev.kindling.engine.vector.DoubleVector;
import dev.kindling.engine.vector.LongVector;
import dev.kindling.engine.vector.StringVector;

/**
 * Assigns rows to reduce partitions by a hash of their key values. The hash depends on
 * the values only, never on the vector they came from, so both sides of a join and every
 * map task of a job send equal keys to the same partition: ints, bigints, dates and
 * timestamps hash as their {@code long}; a double hashes as the {@code long} it equals
 * when it is integral (so {@code 2.0} meets {@code 2}), else as its bits with
 * {@code -0.0} and every NaN normalized; strings by their UTF-8 bytes; a null as a fixed
 * value.
 */
public final class HashPartitioner {

	static final int NULL_HASH = 0x5bd1e995;

	private HashPartitioner() {
	}

	/** The partition of each of the first {@code rows} rows, in {@code out}. */
	public static void partitions(ColumnVector[] keys, int rows, int partitions, int[] out) {
		if (keys.length == 0 || partitions == 1) {
			java.util.Arrays.fill(out, 0, rows, 0);
			return;
		}
		int[] h = new int[rows];
		for (ColumnVector key : keys) {
			for (int i = 0; i < rows; i++) {
				h[i] = h[i] * 0x9E3779B1 + hash(key, i);
			}
		}
		for (int i = 0; i < rows; i++) {
			out[i] = Math.floorMod(fmix32(h[i]), partitions);
		}
	}

	/** The hash of one value (see the class comment for which values hash alike). */
	public static int hash(ColumnVector v, int row) {
		if (v.isNull(row)) {
			return NULL_HASH;
		}
		if (v instanceof LongVector l) {
			return hashLong(l.get(row));
		}
		if (v instanceof DoubleVector d) {
			return hashDouble(d.get(row));
		}
		if (v instanceof StringVector s) {
			return fmix32(s.hash(row));
		}
		if (v instanceof BooleanVector b) {
			return hashLong(b.get(row) ? 1 : 0);
		}
		return hashDecimal((DecimalVector) v, row);
	}

	/**
	 * A decimal hashes by its value whatever its scale: trailing zeros of the fraction
	 * are dropped first, so {@code 2.50} at scale 2 and {@code 2.5} at scale 1 hash
	 * alike, and an integral value hashes as the long it equals ({@code 2.00} meets
	 * {@code 2} and {@code 2.0D}).
	 */
	static int hashDecimal(DecimalVector v, int row) {
		int scale = v.scale();
		if (v.isCompact(row)) {
			long u = v.unscaled(row);
			while (scale > 0 && u % 10 == 0) {
				u /= 10;
				scale--;
			}
			return (scale == 0) ? hashLong(u) : hashLong(u * 31 + scale);
		}
		BigDecimal stripped = v.get(row).stripTrailingZeros();
		if (stripped.scale() < 0) {
			stripped = stripped.setScale(0);
		}
		BigInteger u = stripped.unscaledValue();
		if (u.bitLength() < 64) {
			long x = u.longValue();
			return (stripped.scale() == 0) ? hashLong(x) : hashLong(x * 31 + stripped.scale());
		}
		return fmix32(u.hashCode() * 31 + stripped.scale());
	}

	static int hashLong(long v) {
		return (int) fmix64(v);
	}

	static int hashDouble(double d) {
		long asLong = (long) d;
		if (asLong == d && asLong != Long.MAX_VALUE && asLong != Long.MIN_VALUE) {
			return hashLong(asLong);
		}
		// -0.0 == 0.0 was caught above; doubleToLongBits folds every NaN into one.
		return hashLong(Double.doubleToLongBits(d));
	}

	/** MurmurHash3's 64-bit finalizer. */
	static long fmix64(long k) {
		k ^= k >>> 33;
		k *= 0xff51afd7ed558ccdL;
		k ^= k >>> 33;
		k *= 0xc4ceb93fe53b1a85L;
		k ^= k >>> 33;
		return k;
	}

	/** MurmurHash3's 32-bit finalizer. */
	static int fmix32(int h) {
		h ^= h >>> 16;
		h *= 0x85ebca6b;
		h ^= h >>> 13;
		h *= 0xc2b2ae35;
		h ^= h >>> 16;
		return h;
	}

}
