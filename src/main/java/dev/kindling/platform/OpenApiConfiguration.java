package dev.kindling.platform;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import org.springdoc.core.customizers.OpenApiCustomizer;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The title and description Swagger UI shows, and the problem answers every endpoint can
 * give beside its own: 401 (no valid key or token), 403 (a role that may not write), 400
 * (a parameter or body it refuses), 404 (an id it does not know, or another submitter's
 * job), 410 (a job that retention deleted), 409 (a job's result before it succeeded), 503
 * (the database cannot be reached).
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

	@Bean
	OpenAPI kindlingOpenApi() {
		return new OpenAPI().info(new Info().title("Kindling")
			.version("v1")
			.description("A Spark-style job service: submit a job (a CSV source, a pipeline of steps, an action), "
					+ "follow its stages and tasks, read its result. Errors are RFC 9457 problem details that name "
					+ "the field at fault.")
			.license(new License().name("Apache-2.0")));
	}

	@Bean
	OpenApiCustomizer kindlingProblemResponses() {
		return (openApi) -> openApi.getPaths().forEach((path, item) -> {
			if (path.startsWith("/api/v1/")) {
				item.readOperationsMap().forEach((method, operation) -> problems(path, method, operation));
			}
		});
	}

	private static void problems(String path, PathItem.HttpMethod method, Operation operation) {
		if (operation.getResponses() == null) {
			operation.setResponses(new ApiResponses());
		}
		ApiResponses responses = operation.getResponses();
		boolean write = method != PathItem.HttpMethod.GET;
		boolean parameters = (operation.getParameters() != null && !operation.getParameters().isEmpty())
				|| operation.getRequestBody() != null;
		boolean jobs = path.startsWith("/api/v1/jobs");
		problem(responses, "401", "No valid API key or token (unless anonymous access is allowed)");
		if (write) {
			problem(responses, "403", "The caller's role may not do this (see docs/security.md)");
		}
		if (parameters) {
			problem(responses, "400", "A parameter or the body is refused; the problem names it");
		}
		if (path.contains("{")) {
			problem(responses, "404", jobs ? "No such job (or another submitter's), stage or attempt" : "Not found");
		}
		if (path.startsWith("/api/v1/jobs/{id}")) {
			problem(responses, "410", "The job finished and was deleted by retention (kindling.retention.*)");
		}
		if (path.endsWith("/result")) {
			problem(responses, "409", "The job has not succeeded; the problem names its state");
		}
		if (jobs || path.startsWith("/api/v1/events")) {
			problem(responses, "503", "The driver's database cannot be reached; retry after Retry-After seconds");
		}
	}

	private static void problem(ApiResponses responses, String code, String description) {
		if (!responses.containsKey(code)) {
			responses.addApiResponse(code, new ApiResponse().description(description)
				.content(new Content().addMediaType("application/problem+json", new MediaType())));
		}
	}

}
