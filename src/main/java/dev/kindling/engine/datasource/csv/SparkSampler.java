package dev.kindling.engine.datasource.csv;

import dev.kindling.engine.sampling.XorShiftRandom;

/**
 * The lines Spark's CSV schema inference samples under {@code samplingRatio}: Spark draws
 * one number per line of the file from its {@code XORShiftRandom} seeded with 1 (the seed
 * of {@code Dataset.sample} plus the partition index 0) and keeps the line when the
 * number is below the ratio. This draws the same numbers, so a file Spark reads as one
 * partition is sampled on the same lines.
 */
final class SparkSampler {

	private final double ratio;

	private final XorShiftRandom random = new XorShiftRandom(1);

	SparkSampler(double ratio) {
		this.ratio = ratio;
	}

	/** Whether the next line is in the sample. */
	boolean keep() {
		return this.random.nextDouble() < this.ratio;
	}

}
