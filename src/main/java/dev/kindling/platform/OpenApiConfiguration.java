package dev.kindling.platform;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The title and description Swagger UI shows. */
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

}
