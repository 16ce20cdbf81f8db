package dev.kindling.engine.vector;

/** Sizes of batches, for operators and caches that keep them within a memory budget. */
public final class Batches {

	private Batches() {
	}

	/**
	 * An estimate of a batch's heap footprint: 8 bytes a value, null flags, string bytes
	 * and offsets, and about 64 bytes more for each decimal too wide for a long (a
	 * BigInteger and its array).
	 */
	public static long sizeOf(Batch batch) {
		long size = 64;
		int rows = batch.rowCount();
		for (ColumnVector v : batch.columns()) {
			size += 8L * rows + (v.hasNulls() ? rows : 0);
			if (v instanceof StringVector s) {
				size += s.offsets()[rows] + 4L * rows;
			}
			else if (v instanceof DecimalVector d && d.wide() != null) {
				for (int i = 0; i < rows; i++) {
					size += d.isCompact(i) ? 0 : 64;
				}
			}
		}
		return size;
	}

}
