package dev.kindling.catalog;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import dev.kindling.engine.logical.PlanException;
import dev.kindling.engine.spec.SourceSpec;
import dev.kindling.engine.types.Field;
import dev.kindling.engine.types.Schema;
import dev.kindling.platform.BadRequest;
import dev.kindling.platform.DriverRole;

/**
 * The catalog of named tables, kept in the database. Names are identifiers and, as in
 * Spark, case-insensitive: they are stored in lower case. A table is stored as its source
 * was given (its schema, when not given, is inferred each time it is read); SQL jobs pin
 * it when they are submitted.
 */
@Service
@DriverRole
public class Catalog {

	private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,127}");

	private final TableRepository tables;

	private final Sources sources;

	private final JsonMapper json;

	private final Clock clock;

	Catalog(TableRepository tables, Sources sources, JsonMapper json) {
		this.tables = tables;
		this.sources = sources;
		this.json = json;
		this.clock = Clock.systemUTC();
	}

	/**
	 * A table as the API shows it.
	 *
	 * @param schema the columns it reads as (only for one table), or null
	 * @param problem why the schema cannot be read now (its file was removed), or null
	 */
	public record TableView(String name, SourceSpec source, List<Column> schema, String problem, Instant createdAt,
			Instant updatedAt) {
	}

	/** A column of a table's schema. */
	public record Column(String name, String type) {
	}

	/** The outcome of a put: the table, and whether it is new. */
	public record Put(TableView table, boolean created) {
	}

	/** The source of the table with this name (any case), if there is one. */
	@Transactional(readOnly = true)
	public Optional<SourceSpec> find(String name) {
		return this.tables.findById(name.toLowerCase(Locale.ROOT)).map(this::source);
	}

	@Transactional(readOnly = true)
	public List<TableView> list() {
		return this.tables.findAllByOrderByNameAsc().stream().map(t -> view(t, false)).toList();
	}

	/** One table, with the schema it reads as now. */
	@Transactional(readOnly = true)
	public TableView get(String name) {
		return this.tables.findById(key(name)).map(t -> view(t, true)).orElseThrow(() -> TableNotFound.of(name));
	}

	/**
	 * Creates or replaces a table; its source must resolve now (the file exists, the
	 * options and schema are valid).
	 * @throws PlanException naming the field of the source at fault
	 */
	@Transactional
	public Put put(String name, SourceSpec source) {
		String key = key(name);
		if (source == null) {
			throw BadRequest.of("", "the request body must be a source, such as "
					+ "{\"format\":\"csv\",\"path\":\"people.csv\",\"header\":true,\"inferSchema\":true}");
		}
		try {
			this.sources.schema(source, "");
		}
		catch (PlanException ex) {
			throw BadRequest.of(ex.pointer(), ex.getMessage());
		}
		String text = this.json.writeValueAsString(source);
		Instant now = this.clock.instant();
		Optional<TableEntity> existing = this.tables.findById(key);
		TableEntity entity;
		if (existing.isPresent()) {
			entity = existing.get();
			entity.replace(text, now);
		}
		else {
			entity = this.tables.save(new TableEntity(key, text, now));
		}
		return new Put(view(entity, true), existing.isEmpty());
	}

	@Transactional
	public void delete(String name) {
		String key = key(name);
		if (!this.tables.existsById(key)) {
			throw TableNotFound.of(name);
		}
		this.tables.deleteById(key);
	}

	private static String key(String name) {
		if (name == null || !NAME.matcher(name).matches()) {
			throw BadRequest.parameter("name", "a table name is a letter or _ followed by up to 127 letters, "
					+ "digits or _, got '" + name + "'");
		}
		return name.toLowerCase(Locale.ROOT);
	}

	private SourceSpec source(TableEntity t) {
		return this.json.readValue(t.getSource(), SourceSpec.class);
	}

	private TableView view(TableEntity t, boolean withSchema) {
		SourceSpec source = source(t);
		List<Column> columns = null;
		String problem = null;
		if (withSchema) {
			try {
				Schema schema = this.sources.schema(source, "");
				columns = schema.fields().stream().map(Catalog::column).toList();
			}
			catch (PlanException ex) {
				problem = ex.getMessage();
			}
		}
		return new TableView(t.getName(), source, columns, problem, t.getCreatedAt(), t.getUpdatedAt());
	}

	private static Column column(Field f) {
		return new Column(f.name(), f.type().sqlName());
	}

}
