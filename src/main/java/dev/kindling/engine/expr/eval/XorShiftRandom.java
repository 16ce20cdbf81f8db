package dev.kindling.engine.expr.eval;

import java.util.Random;

/**
 * Spark's {@code XORShiftRandom}: a {@link Random} whose {@code next(bits)} is an
 * xorshift generator and whose seed is first scrambled with Scala's MurmurHash3, so
 * {@code rand(30)} draws the same numbers as in Spark ({@code 0.2762195585886885} first,
 * in partition 0). {@code nextDouble} and {@code nextGaussian} are {@link Random}'s own,
 * as in Spark.
 */
final class XorShiftRandom extends Random {

	private static final long serialVersionUID = 1L;

	private long seed;

	XorShiftRandom(long init) {
		super(init);
		this.seed = hashSeed(init);
	}

	@Override
	protected int next(int bits) {
		long nextSeed = this.seed ^ (this.seed << 21);
		nextSeed ^= (nextSeed >>> 35);
		nextSeed ^= (nextSeed << 4);
		this.seed = nextSeed;
		return (int) (nextSeed & ((1L << bits) - 1));
	}

	@Override
	public synchronized void setSeed(long s) {
		// Random's constructor calls this before the fields are set; the constructor
		// sets the seed itself afterwards
		this.seed = hashSeed(s);
	}

	static long hashSeed(long seed) {
		byte[] bytes = new byte[8];
		for (int i = 0; i < 8; i++) {
			bytes[i] = (byte) (seed >>> (56 - 8 * i));
		}
		int lowBits = bytesHash(bytes, 0x3c074a61);
		int highBits = bytesHash(bytes, lowBits);
		return ((long) highBits << 32) | (lowBits & 0xFFFFFFFFL);
	}

	/** Scala's {@code MurmurHash3.bytesHash}. */
	private static int bytesHash(byte[] data, int seed) {
		int len = data.length;
		int h = seed;
		int i = 0;
		while (len >= 4) {
			int k = (data[i] & 0xFF) | ((data[i + 1] & 0xFF) << 8) | ((data[i + 2] & 0xFF) << 16)
					| ((data[i + 3] & 0xFF) << 24);
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
