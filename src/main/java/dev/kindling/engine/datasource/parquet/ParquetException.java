package dev.kindling.engine.datasource.parquet;

/**
 * A Parquet file could not be read or written; the message names the file as the user
 * named it.
 */
public class ParquetException extends RuntimeException {

	public ParquetException(String message) {
		super(message);
	}

	public ParquetException(String message, Throwable cause) {
		super(message, cause);
	}

}
