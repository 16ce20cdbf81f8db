package dev.kindling.engine.datasource.csv;

/**
 * The lines Spark's CSV schema inference samples under {@code samplingRatio}: Spark draws
 * one number per line of the file from its {@code XORShiftRandom} seeded with 1 (the seed
 * of {@code Dataset.sample} plus the partition index 0) and keeps the line when the
 * number is below the ratio. This draws the same numbers, so a file Spark reads as one
 * partition is sampled on the same lines.
 */
final class SparkSampler {

	private final double ratio;

	private long seed;

	SparkSampler(double ratio) {
		this.ratio = ratio;
		this.seed = hashSeed(1);
	}

	/** Whether the next line is in the sample. */
	boolean keep() {
		return nextDouble() < this.ratio;
	}

	private double nextDouble() {
		return (((long) next(26) << 27) + next(27)) * 0x1.0p-53;
	}

	private int next(int bits) {
		long s = this.seed ^ (this.seed << 21);
		s ^= s >>> 35;
		s ^= s << 4;
		this.seed = s;
		return (int) (s & ((1L << bits) - 1));
	}

	/**
	 * Spark's {@code XORShiftRandom.hashSeed}: MurmurHash3 of the seed's bytes, twice.
	 */
	private static long hashSeed(long seed) {
		byte[] bytes = new byte[8];
		for (int i = 0; i < 8; i++) {
			bytes[i] = (byte) (seed >>> (56 - 8 * i));
		}
		int low = bytesHash(bytes, 0x3c074a61);
		int high = bytesHash(bytes, low);
		return ((long) high << 32) | (low & 0xFFFFFFFFL);
	}

	/** Scala's {@code MurmurHash3.bytesHash}. */
	private static int bytesHash(byte[] data, int seed) {
		int h = seed;
		int i = 0;
		int len = data.length;
		while (len >= 4) {
			int k = (data[i] & 0xFF) | (data[i + 1] & 0xFF) << 8 | (data[i + 2] & 0xFF) << 16
					| (data[i + 3] & 0xFF) << 24;
			h = mix(h, k);
			i += 4;
			len -= 4;
		}
		int k = 0;
		if (len == 3) {
			k ^= (data[i + 2] & 0xFF) << 16;
		}
		if (len >= 2) {
			k ^= (data[i + 1] & 0xFF) << 8;
		}
		if (len >= 1) {
			k ^= data[i] & 0xFF;
			h = mixLast(h, k);
		}
		return avalanche(h ^ data.length);
	}

	private static int mix(int hash, int data) {
		int h = mixLast(hash, data);
		h = Integer.rotateLeft(h, 13);
		return h * 5 + 0xe6546b64;
	}

	private static int mixLast(int hash, int data) {
		int k = data * 0xcc9e2d51;
		k = Integer.rotateLeft(k, 15);
		k *= 0x1b873593;
		return hash ^ k;
	}

	private static int avalanche(int hash) {
		int h = hash;
		h ^= h >>> 16;
		h *= 0x85ebca6b;
		h ^= h >>> 13;
		h *= 0xc2b2ae35;
		h ^= h >>> 16;
		return h;
	}

}
