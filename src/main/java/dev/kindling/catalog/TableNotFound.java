package dev.kindling.catalog;

import java.net.URI;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** 404 for a table name the catalog does not have. */
public class TableNotFound extends ErrorResponseException {

	private TableNotFound(ProblemDetail detail) {
		super(HttpStatus.NOT_FOUND, detail, null);
	}

	static TableNotFound of(String name) {
		ProblemDetail detail = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND,
				"no table named '" + name + "' in the catalog");
		detail.setTitle("Table not found");
		detail.setType(URI.create("https://kindling.dev/problems/table-not-found"));
		detail.setProperty("table", name);
		return new TableNotFound(detail);
	}

}
