package dev.kindling;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

import dev.kindling.cli.Cli;

@SpringBootApplication
@ConfigurationPropertiesScan
public class KindlingApplication {

	/**
	 * Starts the service, or runs the command-line client when the first argument is one
	 * of its commands ({@code java -jar kindling.jar jobs}): no Spring context then.
	 */
	public static void main(String[] args) {
		if (Cli.isCommand(args)) {
			System.exit(Cli.run(args));
		}
		SpringApplication.run(KindlingApplication.class, args);
	}

}
