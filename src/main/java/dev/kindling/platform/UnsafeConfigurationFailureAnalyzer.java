package dev.kindling.platform;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Prints an {@link UnsafeConfiguration} as Spring Boot's "APPLICATION FAILED TO START"
 * report (description and action), instead of a stack trace through bean creation.
 * Registered in {@code META-INF/spring.factories}.
 */
class UnsafeConfigurationFailureAnalyzer extends AbstractFailureAnalyzer<UnsafeConfiguration> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, UnsafeConfiguration cause) {
		return new FailureAnalysis(cause.description(), cause.action(), cause);
	}

}
