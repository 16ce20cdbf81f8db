package dev.kindling.engine.physical;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.kindling.engine.datasource.BatchReader;
import dev.kindling.engine.datasource.FileFormat;
import dev.kindling.engine.datasource.FilePiece;
import dev.kindling.engine.datasource.PartitionValues;
import dev.kindling.engine.datasource.SourceOptions;
import dev.kindling.engine.datasource.formats.Formats;
import dev.kindling.engine.expr.eval.BoundExpr;
import dev.kindling.engine.storage.InputFile;
import dev.kindling.engine.storage.Storage;
import dev.kindling.engine.types.DataType;
import dev.kindling.engine.types.Field;
import dev.kindling.engine.types.Schema;
import dev.kindling.engine.vector.Batch;
import dev.kindling.engine.vector.BooleanVector;
import dev.kindling.engine.vector.ColumnVector;

/**
 * Reads a scan partition: each piece of a file in turn, through its format's reader,
 * parsing the output columns and the columns the pushed filters read; the partition
 * columns it reads repeat the piece's folder values. It applies the filters and drops the
 * filter-only columns.
 */
final class ScanOperator implements Operator {

	private final FileScanExec scan;

	private final TaskContext context;

	private final FileFormat format;

	private final Map<String, Object> readerOptions;

	/** The files' columns, without the partition columns. */
	private final Schema dataSchema;

	/** The data columns to read, indexes into {@link #dataSchema}. */
	private final int[] dataProjection;

	/** The partition columns read, indexes into the source's partition columns. */
	private final int[] partitionRead;

	private final List<DataType> partitionTypes;

	private final List<BoundExpr> filters;

	private final int[] outputIndexes;

	private final Schema schema;

	private int next;

	private BatchReader reader;

	private Object[] partitionValues;

	private long lastBytes;

	ScanOperator(FileScanExec scan, TaskContext context) {
		this.scan = scan;
		this.context = context;
		this.schema = scan.schema();
		this.format = Formats.of(scan.format());
		this.readerOptions = SourceOptions.readerOptions(scan.options());
		Schema all = scan.fileSchema();
		int dataCount = all.size() - scan.partitionColumns();
		List<Field> dataFields = new ArrayList<>(all.fields().subList(0, dataCount));
		this.dataSchema = new Schema(dataFields);
		List<Integer> data = new ArrayList<>();
		List<Integer> partitions = new ArrayList<>();
		for (int c : scan.readColumns()) {
			if (c < dataCount) {
				data.add(c);
			}
			else {
				partitions.add(c - dataCount);
			}
		}
		this.dataProjection = data.stream().mapToInt(Integer::intValue).toArray();
		this.partitionRead = partitions.stream().mapToInt(Integer::intValue).toArray();
		this.partitionTypes = all.fields().subList(dataCount, all.size()).stream().map(Field::type).toList();
		Schema readSchema = scan.readSchema();
		this.filters = scan.boundFilters();
		this.outputIndexes = new int[scan.columns().size()];
		for (int i = 0; i < this.outputIndexes.length; i++) {
			this.outputIndexes[i] = readSchema.indexOf(all.field(scan.columns().get(i)).name());
		}
	}

	@Override
	public Schema schema() {
		return this.schema;
	}

	/** The next file piece's reader, or null when every piece is read. */
	private BatchReader reader() {
		if (this.reader != null) {
			return this.reader;
		}
		if (this.context.split() == null || this.next >= this.context.split().pieces().size()) {
			return null;
		}
		FilePiece piece = this.context.split().pieces().get(this.next++);
		Storage storage = this.context.storage();
		InputFile file;
		try {
			file = storage.open(piece.path(), piece.fileSize());
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot open " + piece.path() + ": " + storage.describe(ex), ex);
		}
		this.partitionValues = PartitionValues.values(this.partitionTypes, piece.partitionValues());
		this.lastBytes = 0;
		this.reader = this.format.reader(file, piece.range(), this.readerOptions, this.dataSchema, this.dataProjection,
				this.scan.filters());
		return this.reader;
	}

	@Override
	public Batch next() {
		while (true) {
			if (this.context.cancelled()) {
				throw new dev.kindling.engine.cancel.TaskCancelledException();
			}
			BatchReader r = reader();
			if (r == null) {
				return null;
			}
			Batch batch = r.next();
			TaskMetrics m = this.context.metrics();
			m.bytesIn += r.bytesRead() - this.lastBytes;
			this.lastBytes = r.bytesRead();
			if (batch == null) {
				r.close();
				this.reader = null;
				continue;
			}
			if (this.partitionRead.length > 0) {
				batch = withPartitionColumns(batch);
			}
			m.rowsIn += batch.rowCount();
			int last = this.filters.size() - 1;
			for (int i = 0; i < last; i++) {
				batch = batch.filter((BooleanVector) this.filters.get(i).evaluate(batch));
			}
			ColumnVector[] out = new ColumnVector[this.outputIndexes.length];
			for (int i = 0; i < out.length; i++) {
				out[i] = batch.column(this.outputIndexes[i]);
			}
			Batch output = new Batch(out, batch.rowCount());
			if (last >= 0) {
				// the last filter selects from the output columns only: the columns only
				// the filters read are never copied
				output = output.filter((BooleanVector) this.filters.get(last).evaluate(batch));
			}
			if (output.rowCount() == 0) {
				continue;
			}
			return output;
		}
	}

	/** The batch of data columns, with the partition columns read after them. */
	private Batch withPartitionColumns(Batch batch) {
		int data = batch.columnCount();
		ColumnVector[] columns = new ColumnVector[data + this.partitionRead.length];
		System.arraycopy(batch.columns(), 0, columns, 0, data);
		for (int i = 0; i < this.partitionRead.length; i++) {
			int p = this.partitionRead[i];
			columns[data + i] = PartitionValues.constant(this.partitionTypes.get(p), this.partitionValues[p],
					batch.rowCount());
		}
		return new Batch(columns, batch.rowCount());
	}

	@Override
	public void close() {
		if (this.reader != null) {
			this.reader.close();
			this.reader = null;
		}
	}

}
