package dev.kindling.engine.types;

import java.util.Objects;

/** A named, typed column. */
public record Field(String name, DataType type, boolean nullable) {

	public Field {
		Objects.requireNonNull(name, "name");
		Objects.requireNonNull(type, "type");
	}

	public Field(String name, DataType type) {
		this(name, type, true);
	}

	public Field withName(String newName) {
		return new Field(newName, this.type, this.nullable);
	}

	/** The DDL form, with backticks around a name that is not a plain identifier. */
	@Override
	public String toString() {
		boolean plain = !this.name.isEmpty() && Character.isJavaIdentifierStart(this.name.charAt(0))
				&& this.name.chars().allMatch(c -> c < 128 && (Character.isLetterOrDigit(c) || c == '_'));
		return (plain ? this.name : "`" + this.name + "`") + " " + this.type.sqlName();
	}

}
