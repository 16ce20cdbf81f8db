/**
 * Spark's random number generator, so that everything Kindling samples or draws at random
 * matches Spark for the same seed and partition.
 */
package dev.kindling.engine.sampling;
