package dev.kindling.engine.types;

import java.util.Objects;

/**
 * A named, typed column.
 *
 * @param name the column name
 * @param type the value type
 * @param nullable whether the column may hold nulls
 * @param charLength for a column declared {@code char(n)} (a string), {@code n}: Spark
 * pads its values with spaces to that length when it reads them; 0 otherwise
 */
public record Field(String name, DataType type, boolean nullable, int charLength) {

	public Field {
		Objects.requireNonNull(name, "name");
		Objects.requireNonNull(type, "type");
		if (charLength < 0 || (charLength > 0 && type != DataType.STRING)) {
			throw new IllegalArgumentException("a char length needs a string column, got " + charLength);
		}
	}

	public Field(String name, DataType type, boolean nullable) {
		this(name, type, nullable, 0);
	}

	public Field(String name, DataType type) {
		this(name, type, true);
	}

	public Field withName(String newName) {
		return new Field(newName, this.type, this.nullable, this.charLength);
	}

	/** The DDL form, with backticks around a name that is not a plain identifier. */
	@Override
	public String toString() {
		boolean plain = !this.name.isEmpty() && Character.isJavaIdentifierStart(this.name.charAt(0))
				&& this.name.chars().allMatch(c -> c < 128 && (Character.isLetterOrDigit(c) || c == '_'));
		String typeName = (this.charLength > 0) ? "char(" + this.charLength + ")" : this.type.sqlName();
		return (plain ? this.name : "`" + this.name + "`") + " " + typeName;
	}

}
