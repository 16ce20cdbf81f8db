package dev.kindling.cli;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Set;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * {@code kindling <command>}: the command-line client of a Kindling driver. Run from the
 * checkout as {@code bin/kindling}, or as {@code java -jar kindling.jar <command>}: the
 * jar runs the client, without starting Spring, when its first argument is one of
 * {@link #COMMANDS}.
 */
@Command(name = "kindling", mixinStandardHelpOptions = true, versionProvider = Cli.Version.class,
		description = "Submit jobs to a Kindling driver, watch them run, read their results.",
		subcommands = { SubmitCommand.class, SqlCommand.class, JobsCommand.class, StatusCommand.class,
				ResultCommand.class, CancelCommand.class, CommandLine.HelpCommand.class },
		footerHeading = "%nExit status:%n",
		footer = { "  0  done; a job waited for SUCCEEDED", "  1  the job FAILED", "  2  bad usage",
				"  3  the job was CANCELLED", "  4  the driver could not be reached",
				"  5  the driver refused the request (invalid job, unknown id, missing API key, ...)" })
public final class Cli {

	/** The first arguments that make the jar a client rather than a server. */
	public static final Set<String> COMMANDS = Set.of("submit", "sql", "jobs", "status", "result", "cancel", "help");

	@Option(names = "--url", scope = ScopeType.INHERIT, paramLabel = "URL",
			defaultValue = "${env:KINDLING_URL:-http://localhost:8080}",
			description = "The driver's base URL (env KINDLING_URL; default: ${DEFAULT-VALUE}).")
	String url;

	@Option(names = "--api-key", scope = ScopeType.INHERIT, paramLabel = "KEY",
			defaultValue = "${env:KINDLING_API_KEY}",
			description = "The API key, when the driver requires one (env KINDLING_API_KEY, which keeps it "
					+ "out of the process list).")
	String apiKey;

	/** Whether the output is a terminal, where progress bars are drawn in place. */
	final boolean terminal;

	Cli(boolean terminal) {
		this.terminal = terminal;
	}

	ApiClient api() {
		return new ApiClient(this.url, this.apiKey);
	}

	/** Whether these arguments ask for the client. */
	public static boolean isCommand(String[] args) {
		return args.length > 0 && COMMANDS.contains(args[0]);
	}

	/** Runs a command on the process's console; returns the exit status. */
	public static int run(String[] args) {
		return run(args, System.out, System.err, System.console() != null);
	}

	static int run(String[] args, PrintStream out, PrintStream err, boolean terminal) {
		PrintWriter outWriter = new PrintWriter(new java.io.OutputStreamWriter(out, StandardCharsets.UTF_8), true);
		PrintWriter errWriter = new PrintWriter(new java.io.OutputStreamWriter(err, StandardCharsets.UTF_8), true);
		CommandLine commandLine = new CommandLine(new Cli(terminal)).setOut(outWriter)
			.setErr(errWriter)
			.setExecutionExceptionHandler((ex, line, parsed) -> {
				if (ex instanceof CliException cli) {
					line.getErr().println("kindling: " + cli.getMessage());
					return cli.exitCode();
				}
				line.getErr().println("kindling: " + ex);
				return ExitCodes.REFUSED;
			});
		int code = commandLine.execute(args);
		outWriter.flush();
		errWriter.flush();
		return code;
	}

	/** The version of the jar the client runs from. */
	static final class Version implements CommandLine.IVersionProvider {

		@Override
		public String[] getVersion() {
			String version = Cli.class.getPackage().getImplementationVersion();
			return new String[] { "kindling " + (version == null ? "(development build)" : version) };
		}

	}

}
