package dev.kindling.catalog;

import java.net.URI;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.kindling.engine.spec.SourceSpec;
import dev.kindling.platform.DriverRole;
import dev.kindling.platform.Page;

/** The catalog of named tables: {@code /api/v1/tables}. */
@RestController
@RequestMapping("/api/v1/tables")
@Tag(name = "Tables", description = "Named tables that SQL jobs read by name")
@DriverRole
class TableController {

	static final String PEOPLE = """
			{ "format": "csv", "path": "people.csv", "header": true, "inferSchema": true }""";

	static final String LINEITEM = """
			{ "format": "csv", "path": "tpch/lineitem.csv", "header": true, "sep": "|",
			  "schema": "l_orderkey BIGINT, l_partkey BIGINT, l_suppkey BIGINT, l_linenumber INT, l_quantity DECIMAL(15,2), l_extendedprice DECIMAL(15,2), l_discount DECIMAL(15,2), l_tax DECIMAL(15,2), l_returnflag STRING, l_linestatus STRING, l_shipdate DATE, l_commitdate DATE, l_receiptdate DATE, l_shipinstruct STRING, l_shipmode STRING, l_comment STRING" }""";

	private final Catalog catalog;

	TableController(Catalog catalog) {
		this.catalog = catalog;
	}

	@PutMapping("/{name}")
	@Operation(summary = "Create or replace a table",
			description = "The body is a source, as in a job. Its file must exist under the data root now; the "
					+ "schema is given or inferred each time the table is read. Names are case-insensitive.")
	@ApiResponse(responseCode = "201", description = "Created")
	@ApiResponse(responseCode = "200", description = "Replaced")
	@ApiResponse(responseCode = "400", description = "Invalid name or source: the problem names the field",
			content = @Content(mediaType = "application/problem+json"))
	ResponseEntity<Catalog.TableView> put(@PathVariable String name,
			@io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(mediaType = "application/json",
					examples = {
							@ExampleObject(name = "people", summary = "a CSV file, schema inferred", value = PEOPLE),
							@ExampleObject(name = "lineitem", summary = "TPC-H's lineitem, schema given",
									value = LINEITEM) })) @RequestBody SourceSpec source) {
		Catalog.Put put = this.catalog.put(name, source);
		if (put.created()) {
			return ResponseEntity.created(URI.create("/api/v1/tables/" + put.table().name())).body(put.table());
		}
		return ResponseEntity.ok(put.table());
	}

	@GetMapping
	@Operation(summary = "List tables", description = "Every table with its source, by name, paged.")
	@ApiResponse(responseCode = "200", description = "A page of tables")
	@ApiResponse(responseCode = "400", description = "A page or size out of range",
			content = @Content(mediaType = "application/problem+json"))
	Page<Catalog.TableView> list(@RequestParam(defaultValue = "0") int page,
			@RequestParam(defaultValue = "100") int size) {
		Page.check(page, size);
		return Page.of(this.catalog.list(), page, size);
	}

	@GetMapping("/{name}")
	@Operation(summary = "Get a table", description = "The table's source and the schema it reads as now.")
	@ApiResponse(responseCode = "200", description = "The table")
	@ApiResponse(responseCode = "400", description = "Not a table name",
			content = @Content(mediaType = "application/problem+json"))
	@ApiResponse(responseCode = "404", description = "No such table",
			content = @Content(mediaType = "application/problem+json"))
	Catalog.TableView get(@PathVariable String name) {
		return this.catalog.get(name);
	}

	@DeleteMapping("/{name}")
	@Operation(summary = "Delete a table",
			description = "Jobs already submitted keep the source they pinned; later jobs no longer see it.")
	@ApiResponse(responseCode = "204", description = "Deleted")
	@ApiResponse(responseCode = "404", description = "No such table",
			content = @Content(mediaType = "application/problem+json"))
	ResponseEntity<Void> delete(@PathVariable String name) {
		this.catalog.delete(name);
		return ResponseEntity.noContent().build();
	}

}
