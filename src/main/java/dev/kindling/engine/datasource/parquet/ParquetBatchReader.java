package dev.kindling.engine.datasource.parquet;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.ColumnReader;
import org.apache.parquet.column.impl.ColumnReadStoreImpl;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.Converter;
import org.apache.parquet.io.api.GroupConverter;
import org.apache.parquet.io.api.PrimitiveConverter;
import org.apache.parquet.schema.LogicalTypeAnnotation.DecimalLogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;

import dev.kindling.engine.datasource.BatchReader;
import dev.kindling.engine.datasource.FileSplit;
import dev.kindling.engine.expr.Expr;
import dev.kindling.engine.storage.InputFile;
import dev.kindling.engine.types.DataType;
import dev.kindling.engine.types.Schema;
import dev.kindling.engine.vector.Batch;
import dev.kindling.engine.vector.BooleanVector;
import dev.kindling.engine.vector.ColumnVector;
import dev.kindling.engine.vector.DecimalVector;
import dev.kindling.engine.vector.DoubleVector;
import dev.kindling.engine.vector.LongVector;
import dev.kindling.engine.vector.StringVector;

/**
 * Reads the row groups of a Parquet file whose middle lies in a byte range (Parquet's
 * rule, so each row group is read by exactly one split), only the columns asked for, and
 * not the row groups the pushed filters rule out by their statistics
 * ({@link RowGroupFilter}). Values go from Parquet's column readers straight into the
 * column vectors: a long, a double, a boolean or the bytes of a string, with no object
 * per value (decimals excepted, which are objects in Kindling).
 */
final class ParquetBatchReader implements BatchReader {

	private static final long JULIAN_EPOCH_DAY = 2_440_588L;

	private final InputFile file;

	private final ParquetFileReader reader;

	private final MessageType requested;

	private final String createdBy;

	private final DataType[] types;

	private final PrimitiveType[] physical;

	/** The output column of each requested column (several may read one file column). */
	private final int[][] outputs;

	private final int outputCount;

	private final List<Boolean> wanted = new ArrayList<>();

	private int group;

	private ColumnReader[] readers;

	private long left;

	private long bytes;

	ParquetBatchReader(InputFile file, FileSplit range, Schema fileSchema, int[] projection, List<Expr> filters) {
		this.file = file;
		this.outputCount = projection.length;
		try {
			ParquetReadOptions options = ParquetReadOptions.builder(new PlainParquetConfiguration())
				.withCodecFactory(ParquetCodecs.INSTANCE)
				.build();
			this.reader = ParquetFileReader.open(StorageFiles.input(file), options);
			MessageType schema = this.reader.getFooter().getFileMetaData().getSchema();
			this.createdBy = this.reader.getFooter().getFileMetaData().getCreatedBy();
			List<Type> fields = new ArrayList<>();
			List<int[]> outs = new ArrayList<>();
			for (int o = 0; o < projection.length; o++) {
				String name = fileSchema.field(projection[o]).name();
				int existing = -1;
				for (int i = 0; i < fields.size(); i++) {
					if (fields.get(i).getName().equals(name)) {
						existing = i;
					}
				}
				if (existing >= 0) {
					int[] prev = outs.get(existing);
					int[] more = java.util.Arrays.copyOf(prev, prev.length + 1);
					more[prev.length] = o;
					outs.set(existing, more);
					continue;
				}
				if (!schema.containsField(name)) {
					throw new ParquetException(file.name() + " has no column '" + name + "'");
				}
				fields.add(schema.getType(name));
				outs.add(new int[] { o });
			}
			this.requested = new MessageType(schema.getName(), fields);
			this.outputs = outs.toArray(new int[0][]);
			this.types = new DataType[fields.size()];
			this.physical = new PrimitiveType[fields.size()];
			for (int i = 0; i < fields.size(); i++) {
				this.physical[i] = fields.get(i).asPrimitiveType();
				this.types[i] = fileSchema.field(projection[this.outputs[i][0]]).type();
			}
			this.reader.setRequestedSchema(this.requested);
			for (BlockMetaData block : this.reader.getFooter().getBlocks()) {
				long middle = block.getStartingPos() + block.getCompressedSize() / 2;
				boolean inRange = range == null || (middle >= range.start() && middle < range.end());
				this.wanted.add(inRange && !RowGroupFilter.skip(block, filters));
			}
		}
		catch (IOException ex) {
			close();
			throw new ParquetException("cannot read " + file.name() + ": " + ex.getMessage(), ex);
		}
		catch (RuntimeException ex) {
			close();
			throw ex instanceof ParquetException ? ex
					: new ParquetException("cannot read " + file.name() + ": " + ex.getMessage(), ex);
		}
	}

	/** The row groups this reader reads, of all in the file (for tests and metrics). */
	List<Boolean> rowGroups() {
		return List.copyOf(this.wanted);
	}

	@Override
	public Batch next() {
		try {
			while (this.left == 0) {
				if (this.group >= this.wanted.size()) {
					return null;
				}
				if (!this.wanted.get(this.group++)) {
					this.reader.skipNextRowGroup();
					continue;
				}
				PageReadStore pages = this.reader.readNextRowGroup();
				BlockMetaData block = this.reader.getFooter().getBlocks().get(this.group - 1);
				for (var c : block.getColumns()) {
					if (this.requested.containsPath(c.getPath().toArray())) {
						this.bytes += c.getTotalSize();
					}
				}
				ColumnReadStoreImpl store = new ColumnReadStoreImpl(pages, NO_CONVERTER, this.requested,
						this.createdBy);
				this.readers = new ColumnReader[this.types.length];
				List<ColumnDescriptor> columns = this.requested.getColumns();
				for (int i = 0; i < this.readers.length; i++) {
					this.readers[i] = store.getColumnReader(columns.get(i));
				}
				this.left = pages.getRowCount();
			}
			int rows = (int) Math.min(ColumnVector.BATCH_SIZE, this.left);
			ColumnVector[] out = new ColumnVector[this.outputCount];
			for (int i = 0; i < this.types.length; i++) {
				ColumnVector v = ColumnVector.allocate(this.types[i], rows);
				read(i, v, rows);
				for (int o : this.outputs[i]) {
					out[o] = v;
				}
			}
			this.left -= rows;
			return new Batch(out, rows);
		}
		catch (IOException ex) {
			throw new ParquetException("cannot read " + this.file.name() + ": " + ex.getMessage(), ex);
		}
	}

	private void read(int i, ColumnVector v, int rows) {
		ColumnReader r = this.readers[i];
		int maxDef = r.getDescriptor().getMaxDefinitionLevel();
		PrimitiveType p = this.physical[i];
		PrimitiveTypeName name = p.getPrimitiveTypeName();
		if (v instanceof LongVector l) {
			long factor = ParquetSchemas.microsFactor(p);
			for (int k = 0; k < rows; k++) {
				if (r.getCurrentDefinitionLevel() < maxDef) {
					l.appendNull();
				}
				else if (name == PrimitiveTypeName.INT32) {
					l.append(p
						.getLogicalTypeAnnotation() instanceof org.apache.parquet.schema.LogicalTypeAnnotation.IntLogicalTypeAnnotation u
							&& !u.isSigned() ? Integer.toUnsignedLong(r.getInteger()) : r.getInteger());
				}
				else if (name == PrimitiveTypeName.INT96) {
					ByteBuffer b = r.getBinary().toByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
					long nanos = b.getLong();
					long day = b.getInt() & 0xffffffffL;
					l.append((day - JULIAN_EPOCH_DAY) * 86_400_000_000L + Math.floorDiv(nanos, 1000));
				}
				else {
					long x = r.getLong();
					l.append(factor >= 0 ? x * factor : Math.floorDiv(x, -factor));
				}
				r.consume();
			}
		}
		else if (v instanceof DoubleVector d) {
			for (int k = 0; k < rows; k++) {
				if (r.getCurrentDefinitionLevel() < maxDef) {
					d.appendNull();
				}
				else {
					d.append(name == PrimitiveTypeName.FLOAT ? r.getFloat() : r.getDouble());
				}
				r.consume();
			}
		}
		else if (v instanceof BooleanVector b) {
			for (int k = 0; k < rows; k++) {
				if (r.getCurrentDefinitionLevel() < maxDef) {
					b.appendNull();
				}
				else {
					b.append(r.getBoolean());
				}
				r.consume();
			}
		}
		else if (v instanceof StringVector s) {
			for (int k = 0; k < rows; k++) {
				if (r.getCurrentDefinitionLevel() < maxDef) {
					s.appendNull();
				}
				else {
					Binary bin = r.getBinary();
					ByteBuffer buf = bin.toByteBuffer();
					if (buf.hasArray()) {
						s.append(buf.array(), buf.arrayOffset() + buf.position(), buf.remaining());
					}
					else {
						byte[] bytes = bin.getBytes();
						s.append(bytes, 0, bytes.length);
					}
				}
				r.consume();
			}
		}
		else {
			DecimalVector dv = (DecimalVector) v;
			int scale = p.getLogicalTypeAnnotation() instanceof DecimalLogicalTypeAnnotation dec ? dec.getScale() : 0;
			for (int k = 0; k < rows; k++) {
				if (r.getCurrentDefinitionLevel() < maxDef) {
					dv.appendNull();
				}
				else {
					dv.append(switch (name) {
						case INT32 -> BigDecimal.valueOf(r.getInteger(), scale);
						case INT64 -> BigDecimal.valueOf(r.getLong(), scale);
						default -> new BigDecimal(new BigInteger(r.getBinary().getBytes()), scale);
					});
				}
				r.consume();
			}
		}
	}

	@Override
	public long bytesRead() {
		return this.bytes;
	}

	@Override
	public void close() {
		try {
			if (this.reader != null) {
				this.reader.close();
			}
			this.file.close();
		}
		catch (IOException ex) {
			// Nothing was written: a failed close loses nothing.
		}
	}

	private static final GroupConverter NO_CONVERTER = new GroupConverter() {

		@Override
		public Converter getConverter(int fieldIndex) {
			// Values are read from the column readers directly, never pushed to
			// converters.
			return new PrimitiveConverter() {
			};
		}

		@Override
		public void start() {
		}

		@Override
		public void end() {
		}

	};

}
