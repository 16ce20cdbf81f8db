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

	@Override
	public String toString() {
		return this.name + " " + this.type.sqlName();
	}

}
