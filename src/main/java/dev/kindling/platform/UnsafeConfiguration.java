package dev.kindling.platform;

/**
 * A configuration Kindling refuses to start with, because it would expose something
 * without the operator asking for it (an API open to the network, a cluster without its
 * secret). Spring Boot prints the {@link #description()} and the {@link #action()} as its
 * startup failure analysis ({@link UnsafeConfigurationFailureAnalyzer}); the message
 * holds both, for logs and tests.
 */
public class UnsafeConfiguration extends IllegalStateException {

	private final String description;

	private final String action;

	UnsafeConfiguration(String description, String action) {
		super(description + " " + action);
		this.description = description;
		this.action = action;
	}

	/** What is wrong, naming the properties involved. */
	public String description() {
		return this.description;
	}

	/** How to fix it. */
	public String action() {
		return this.action;
	}

}
