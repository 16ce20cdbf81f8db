package dev.kindling.engine.datasource.parquet;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.zip.GZIPInputStream;

import com.github.luben.zstd.Zstd;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.compression.CompressionCodecFactory;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.xerial.snappy.Snappy;

/**
 * Page compression without Hadoop's codec classes (which Parquet Java's own factory
 * loads, and which need Hadoop's configuration machinery): files are read compressed with
 * snappy (Spark's and DuckDB's default), zstd or gzip, or uncompressed; files are written
 * with snappy, as Spark writes them.
 */
final class ParquetCodecs implements CompressionCodecFactory {

	static final ParquetCodecs INSTANCE = new ParquetCodecs();

	private ParquetCodecs() {
	}

	@Override
	public BytesInputCompressor getCompressor(CompressionCodecName codec) {
		if (codec != CompressionCodecName.SNAPPY) {
			throw new UnsupportedOperationException("Kindling writes Parquet with snappy, not " + codec);
		}
		return new BytesInputCompressor() {

			@Override
			public BytesInput compress(BytesInput bytes) throws IOException {
				return BytesInput.from(Snappy.compress(bytes.toByteArray()));
			}

			@Override
			public CompressionCodecName getCodecName() {
				return CompressionCodecName.SNAPPY;
			}

			@Override
			public void release() {
			}

		};
	}

	@Override
	public BytesInputDecompressor getDecompressor(CompressionCodecName codec) {
		return switch (codec) {
			case UNCOMPRESSED, SNAPPY, ZSTD, GZIP -> new Decompressor(codec);
			default -> throw new UnsupportedOperationException(
					"Parquet pages compressed with " + codec + " are not supported (snappy, zstd, gzip or none are)");
		};
	}

	@Override
	public void release() {
	}

	private record Decompressor(CompressionCodecName codec) implements BytesInputDecompressor {

		@Override
		public BytesInput decompress(BytesInput bytes, int uncompressedSize) throws IOException {
			return BytesInput.from(decompress(bytes.toByteArray(), uncompressedSize));
		}

		@Override
		public void decompress(ByteBuffer input, int compressedSize, ByteBuffer output, int uncompressedSize)
				throws IOException {
			byte[] in = new byte[compressedSize];
			input.get(in);
			output.put(decompress(in, uncompressedSize));
		}

		private byte[] decompress(byte[] in, int size) throws IOException {
			switch (this.codec) {
				case UNCOMPRESSED -> {
					return in;
				}
				case SNAPPY -> {
					byte[] out = new byte[size];
					Snappy.uncompress(in, 0, in.length, out, 0);
					return out;
				}
				case ZSTD -> {
					byte[] out = new byte[size];
					long n = Zstd.decompress(out, in);
					if (Zstd.isError(n)) {
						throw new IOException("bad zstd page: " + Zstd.getErrorName(n));
					}
					return out;
				}
				default -> {
					try (GZIPInputStream gz = new GZIPInputStream(new ByteArrayInputStream(in))) {
						return gz.readNBytes(size);
					}
				}
			}
		}

		@Override
		public void release() {
		}

	}

}
