package dev.kindling.engine.datasource.parquet;

import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.HashMap;

import org.apache.parquet.conf.ParquetConfiguration;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.schema.MessageType;

import dev.kindling.engine.datasource.BatchWriter;
import dev.kindling.engine.types.Schema;
import dev.kindling.engine.vector.Batch;
import dev.kindling.engine.vector.BooleanVector;
import dev.kindling.engine.vector.ColumnVector;
import dev.kindling.engine.vector.DecimalVector;
import dev.kindling.engine.vector.DoubleVector;
import dev.kindling.engine.vector.LongVector;
import dev.kindling.engine.vector.StringVector;

/**
 * Writes rows as a Parquet file as Spark does: snappy pages, every column optional,
 * statistics per row group (which readers, this one included, use to skip row groups),
 * timestamps as {@code TIMESTAMP(MICROS)} without a zone (Kindling's timestamps are UTC
 * wall times), decimals with their column's precision and scale.
 */
final class ParquetBatchWriter implements BatchWriter {

	/**
	 * The bytes a row group holds before it is written out: a writer keeps its current
	 * row group in memory, and a partitioned write task has up to 32 files open, so
	 * Parquet's 128 MB default could take gigabytes; 16 MB keeps a task near 512 MB at
	 * worst and still gives row groups of about a million narrow rows.
	 */
	static final long ROW_GROUP_BYTES = 16L << 20;

	private final String name;

	private final ParquetWriter<Integer> writer;

	private final RowSupport support;

	private long rows;

	ParquetBatchWriter(OutputStream out, String name, Schema schema) {
		this.name = name;
		this.support = new RowSupport(ParquetSchemas.toParquet(schema));
		try {
			this.writer = new Builder(StorageFiles.output(out, name), this.support)
				.withConf(new PlainParquetConfiguration())
				.withCodecFactory(ParquetCodecs.INSTANCE)
				.withCompressionCodec(CompressionCodecName.SNAPPY)
				.withRowGroupSize(ROW_GROUP_BYTES)
				.build();
		}
		catch (IOException ex) {
			throw new ParquetException("cannot write " + name + ": " + ex.getMessage(), ex);
		}
	}

	@Override
	public void write(Batch batch) {
		this.support.batch = batch;
		try {
			for (int r = 0; r < batch.rowCount(); r++) {
				this.writer.write(r);
				this.rows++;
			}
		}
		catch (IOException ex) {
			throw new ParquetException("cannot write " + this.name + ": " + ex.getMessage(), ex);
		}
	}

	@Override
	public long rowsWritten() {
		return this.rows;
	}

	@Override
	public void close() {
		try {
			this.writer.close();
		}
		catch (IOException ex) {
			throw new ParquetException("cannot write " + this.name + ": " + ex.getMessage(), ex);
		}
	}

	private static final class Builder extends ParquetWriter.Builder<Integer, Builder> {

		private final RowSupport support;

		Builder(OutputFile file, RowSupport support) {
			super(file);
			this.support = support;
		}

		@Override
		protected Builder self() {
			return this;
		}

		@Override
		protected WriteSupport<Integer> getWriteSupport(org.apache.hadoop.conf.Configuration conf) {
			return this.support;
		}

		@Override
		protected WriteSupport<Integer> getWriteSupport(ParquetConfiguration conf) {
			return this.support;
		}

	}

	/** Writes row {@code r} of the current batch. */
	private static final class RowSupport extends WriteSupport<Integer> {

		private final MessageType schema;

		private RecordConsumer consumer;

		Batch batch;

		RowSupport(MessageType schema) {
			this.schema = schema;
		}

		@Override
		public WriteContext init(org.apache.hadoop.conf.Configuration configuration) {
			return new WriteContext(this.schema, new HashMap<>());
		}

		@Override
		public WriteContext init(ParquetConfiguration configuration) {
			return new WriteContext(this.schema, new HashMap<>());
		}

		@Override
		public void prepareForWrite(RecordConsumer recordConsumer) {
			this.consumer = recordConsumer;
		}

		@Override
		public void write(Integer row) {
			int r = row;
			this.consumer.startMessage();
			for (int c = 0; c < this.batch.columnCount(); c++) {
				ColumnVector v = this.batch.column(c);
				if (v.isNull(r)) {
					continue;
				}
				String field = this.schema.getFieldName(c);
				this.consumer.startField(field, c);
				value(v, r);
				this.consumer.endField(field, c);
			}
			this.consumer.endMessage();
		}

		private void value(ColumnVector v, int r) {
			if (v instanceof LongVector l) {
				switch (v.type().kind()) {
					case INT, DATE -> this.consumer.addInteger((int) l.get(r));
					default -> this.consumer.addLong(l.get(r));
				}
			}
			else if (v instanceof DoubleVector d) {
				this.consumer.addDouble(d.get(r));
			}
			else if (v instanceof BooleanVector b) {
				this.consumer.addBoolean(b.get(r));
			}
			else if (v instanceof StringVector s) {
				this.consumer.addBinary(Binary.fromConstantByteArray(
						java.util.Arrays.copyOfRange(s.data(), s.start(r), s.start(r) + s.length(r))));
			}
			else {
				DecimalVector dv = (DecimalVector) v;
				java.math.BigInteger u = dv.isCompact(r) ? java.math.BigInteger.valueOf(dv.unscaled(r))
						: dv.unscaledBig(r);
				byte[] unscaled = u.toByteArray();
				byte[] fixed = new byte[16];
				byte pad = (byte) (unscaled[0] < 0 ? -1 : 0);
				java.util.Arrays.fill(fixed, 0, 16 - unscaled.length, pad);
				System.arraycopy(unscaled, 0, fixed, 16 - unscaled.length, unscaled.length);
				this.consumer.addBinary(Binary.fromConstantByteArray(fixed));
			}
		}

	}

}
