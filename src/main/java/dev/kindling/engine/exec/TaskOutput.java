package dev.kindling.engine.exec;

import java.util.List;

import dev.kindling.engine.types.Schema;

/** What a task produced. */
public sealed interface TaskOutput {

	/** A partial count, summed by the driver. */
	record Count(long count) implements TaskOutput {
	}

	/**
	 * Rows (plain Java values in schema order), concatenated by the driver in partition
	 * order.
	 */
	record Rows(Schema schema, List<Object[]> rows) implements TaskOutput {
	}

	/**
	 * The files a write attempt left in its staging folder (paths relative to it), and
	 * the rows they hold.
	 */
	record Written(List<String> files, long rows) implements TaskOutput {

		public Written {
			files = List.copyOf(files);
		}

	}

	/**
	 * Encoded shuffle blocks, one per reduce partition (in memory or in a data file),
	 * kept by the executor that ran the task, and the rows of each.
	 */
	record Shuffled(dev.kindling.engine.shuffle.MapOutput output, long[] rows) implements TaskOutput {

		/** Every block read whole. */
		public byte[][] blocks() {
			return this.output.readAll();
		}

	}

}
