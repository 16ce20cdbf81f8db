package dev.kindling.engine.aggregate;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * The quantile summary behind {@code percentile_approx}, the Greenwald-Khanna algorithm
 * as Spark's {@code QuantileSummaries} runs it: values gather in a head buffer of 50,000
 * and are inserted sorted in one pass; past 10,000 samples the summary compresses,
 * merging neighbours while each keeps its rank within {@code 2 * relativeError * count};
 * two summaries merge by interleaving their samples, each side's uncertainty widened by
 * the other's. A query answers a value whose rank is within {@code relativeError * count}
 * of the asked one. Small inputs are summarised exactly: each value is a sample.
 */
final class QuantileDigest {

	static final int COMPRESS_THRESHOLD = 10_000;

	static final int HEAD_SIZE = 50_000;

	private final double relativeError;

	/** The samples, by value: (value, g, delta). */
	private double[] values;

	private long[] g;

	private long[] delta;

	private int size;

	/** Values inserted into the samples (not counting the head buffer). */
	private long count;

	private double[] head = new double[16];

	private int headSize;

	QuantileDigest(double relativeError) {
		this(relativeError, new double[0], new long[0], new long[0], 0, 0);
	}

	private QuantileDigest(double relativeError, double[] values, long[] g, long[] delta, int size, long count) {
		this.relativeError = relativeError;
		this.values = values;
		this.g = g;
		this.delta = delta;
		this.size = size;
		this.count = count;
	}

	void insert(double x) {
		if (this.headSize == this.head.length) {
			this.head = Arrays.copyOf(this.head, Math.min(HEAD_SIZE, this.head.length * 2));
		}
		this.head[this.headSize++] = x;
		if (this.headSize >= HEAD_SIZE) {
			insertHead();
			if (this.size >= COMPRESS_THRESHOLD) {
				compressSamples();
			}
		}
	}

	/** Every value so far, head buffer included. */
	long count() {
		return this.count + this.headSize;
	}

	/** Inserts the sorted head buffer into the samples in one merge pass. */
	private void insertHead() {
		if (this.headSize == 0) {
			return;
		}
		double[] sorted = Arrays.copyOf(this.head, this.headSize);
		Arrays.sort(sorted);
		int total = this.size + sorted.length;
		double[] nv = new double[total];
		long[] ng = new long[total];
		long[] nd = new long[total];
		int out = 0;
		int sample = 0;
		long currentCount = this.count;
		for (int op = 0; op < sorted.length; op++) {
			double current = sorted[op];
			while (sample < this.size && this.values[sample] <= current) {
				nv[out] = this.values[sample];
				ng[out] = this.g[sample];
				nd[out] = this.delta[sample];
				out++;
				sample++;
			}
			currentCount++;
			long d = (out == 0 || (sample == this.size && op == sorted.length - 1)) ? 0
					: (long) Math.floor(2 * this.relativeError * currentCount);
			nv[out] = current;
			ng[out] = 1;
			nd[out] = d;
			out++;
		}
		while (sample < this.size) {
			nv[out] = this.values[sample];
			ng[out] = this.g[sample];
			nd[out] = this.delta[sample];
			out++;
			sample++;
		}
		this.values = nv;
		this.g = ng;
		this.delta = nd;
		this.size = out;
		this.count = currentCount;
		this.headSize = 0;
	}

	/** Inserts the head buffer and compresses: what Spark's {@code compress()} does. */
	void compress() {
		insertHead();
		compressSamples();
	}

	private void compressSamples() {
		compressWith(2 * this.relativeError * this.count);
	}

	/**
	 * Spark's {@code compressImmut}: merges samples from the end while they stay within
	 * the threshold.
	 */
	private void compressWith(double mergeThreshold) {
		if (this.size == 0) {
			return;
		}
		double[] rv = new double[this.size];
		long[] rg = new long[this.size];
		long[] rd = new long[this.size];
		int at = this.size;
		double headValue = this.values[this.size - 1];
		long headG = this.g[this.size - 1];
		long headDelta = this.delta[this.size - 1];
		for (int i = this.size - 2; i >= 1; i--) {
			if (this.g[i] + headG + headDelta < mergeThreshold) {
				headG += this.g[i];
			}
			else {
				at--;
				rv[at] = headValue;
				rg[at] = headG;
				rd[at] = headDelta;
				headValue = this.values[i];
				headG = this.g[i];
				headDelta = this.delta[i];
			}
		}
		at--;
		rv[at] = headValue;
		rg[at] = headG;
		rd[at] = headDelta;
		if (this.values[0] <= headValue && this.size > 1) {
			at--;
			rv[at] = this.values[0];
			rg[at] = this.g[0];
			rd[at] = this.delta[0];
		}
		this.values = Arrays.copyOfRange(rv, at, this.size);
		this.g = Arrays.copyOfRange(rg, at, this.size);
		this.delta = Arrays.copyOfRange(rd, at, this.size);
		this.size = this.values.length;
	}

	/** Merges another (compressed) summary into this one (compressed). */
	void merge(QuantileDigest other) {
		compress();
		other.compress();
		if (other.count == 0) {
			return;
		}
		if (this.count == 0) {
			this.values = other.values.clone();
			this.g = other.g.clone();
			this.delta = other.delta.clone();
			this.size = other.size;
			this.count = other.count;
			return;
		}
		int total = this.size + other.size;
		double[] nv = new double[total];
		long[] ng = new long[total];
		long[] nd = new long[total];
		long extraSelf = (long) Math.floor(2 * other.relativeError * other.count);
		long extraOther = (long) Math.floor(2 * this.relativeError * this.count);
		int s = 0;
		int o = 0;
		int out = 0;
		while (s < this.size && o < other.size) {
			if (this.values[s] < other.values[o]) {
				nv[out] = this.values[s];
				ng[out] = this.g[s];
				nd[out] = this.delta[s] + ((o > 0) ? extraSelf : 0);
				s++;
			}
			else {
				nv[out] = other.values[o];
				ng[out] = other.g[o];
				nd[out] = other.delta[o] + ((s > 0) ? extraOther : 0);
				o++;
			}
			out++;
		}
		for (; s < this.size; s++, out++) {
			nv[out] = this.values[s];
			ng[out] = this.g[s];
			nd[out] = this.delta[s];
		}
		for (; o < other.size; o++, out++) {
			nv[out] = other.values[o];
			ng[out] = other.g[o];
			nd[out] = other.delta[o];
		}
		this.values = nv;
		this.g = ng;
		this.delta = nd;
		this.size = out;
		this.count += other.count;
		compressWith(2 * this.relativeError * this.count);
	}

	/**
	 * The value at {@code quantile} (0 to 1), or NaN when the summary is empty: Spark's
	 * {@code query}.
	 */
	double query(double quantile) {
		compress();
		if (this.size == 0) {
			return Double.NaN;
		}
		if (quantile <= this.relativeError) {
			return this.values[0];
		}
		if (quantile >= 1 - this.relativeError) {
			return this.values[this.size - 1];
		}
		long rank = (long) Math.ceil(quantile * this.count);
		long maxSpan = Long.MIN_VALUE;
		for (int i = 0; i < this.size; i++) {
			maxSpan = Math.max(maxSpan, this.delta[i] + this.g[i]);
		}
		long targetError = maxSpan / 2;
		long minRank = 0;
		for (int i = 0; i < this.size - 1; i++) {
			minRank += this.g[i];
			long maxRank = minRank + this.delta[i];
			if (maxRank - targetError <= rank && rank <= minRank + targetError) {
				return this.values[i];
			}
		}
		return this.values[this.size - 1];
	}

	/** The compressed summary as bytes, for the shuffle. */
	byte[] toBytes() {
		compress();
		ByteBuffer b = ByteBuffer.allocate(8 + 8 + 4 + this.size * 24);
		b.putDouble(this.relativeError).putLong(this.count).putInt(this.size);
		for (int i = 0; i < this.size; i++) {
			b.putDouble(this.values[i]).putLong(this.g[i]).putLong(this.delta[i]);
		}
		return b.array();
	}

	static QuantileDigest fromBytes(byte[] data, int offset, int length) {
		ByteBuffer b = ByteBuffer.wrap(data, offset, length);
		double relativeError = b.getDouble();
		long count = b.getLong();
		int size = b.getInt();
		double[] values = new double[size];
		long[] g = new long[size];
		long[] delta = new long[size];
		for (int i = 0; i < size; i++) {
			values[i] = b.getDouble();
			g[i] = b.getLong();
			delta[i] = b.getLong();
		}
		return new QuantileDigest(relativeError, values, g, delta, size, count);
	}

}
