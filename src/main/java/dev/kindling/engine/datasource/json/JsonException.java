package dev.kindling.engine.datasource.json;

/**
 * A JSON Lines file could not be read: a malformed line or a value of the wrong type
 * under {@code FAILFAST}, a line past the size limit, or an I/O failure. The message
 * names the file as the user named it and, where known, the 1-based line.
 */
public class JsonException extends RuntimeException {

	public JsonException(String message) {
		super(message);
	}

	public JsonException(String message, Throwable cause) {
		super(message, cause);
	}

}
