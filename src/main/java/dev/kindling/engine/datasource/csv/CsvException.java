package dev.kindling.engine.datasource.csv;

/**
 * A CSV file could not be read: a malformed record under {@code FAILFAST}, or an I/O
 * failure. The message names the file (without its directory) and, where known, the
 * 1-based line number.
 */
public class CsvException extends RuntimeException {

	private final String file;

	private final long line;

	public CsvException(String message, String file, long line) {
		super(message);
		this.file = file;
		this.line = line;
	}

	public CsvException(String message, String file, long line, Throwable cause) {
		super(message, cause);
		this.file = file;
		this.line = line;
	}

	/** The file name, without its directory. */
	public String file() {
		return this.file;
	}

	/** The 1-based line where the failing record starts, or -1 when unknown. */
	public long line() {
		return this.line;
	}

	static CsvException malformed(String file, long line, String reason) {
		return new CsvException("malformed CSV record at " + file + " line " + line + ": " + reason, file, line);
	}

}
