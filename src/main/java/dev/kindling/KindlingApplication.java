package dev.kindling;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class KindlingApplication {

	public static void main(String[] args) {
		SpringApplication.run(KindlingApplication.class, args);
	}

}
