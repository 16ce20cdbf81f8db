package dev.kindling.engine.vector;

/** Sizes of batches, for operators and caches that keep them within a memory budget. */
public final class Batches {

	private Batches() {
	}

	/**
	 * An estimate of a batch's heap footprint: 8 bytes a value, null flags, string bytes
	 * and offsets, and about 100 bytes more for each decimal (a BigDecimal with its
	 * BigInteger and array).
	 */
	public static long sizeOf(Batch batch) {
		long size = 64;
		int rows = batch.rowCount();
		for (ColumnVector v : batch.columns()) {
			size += 8L * rows + (v.hasNulls() ? rows : 0);
			if (v instanceof StringVector s) {
				size += s.offsets()[rows] + 4L * rows;
			}
			else if (v instanceof DecimalVector) {
				size += 100L * rows;
			}
		}
		return size;
	}

}
