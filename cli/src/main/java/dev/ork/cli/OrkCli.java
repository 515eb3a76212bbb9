package dev.ork.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code ork} command. Exit codes: 0 ok, 1 the work failed, 2 invalid input, 64 usage error. */
@Command(
    name = "ork",
    mixinStandardHelpOptions = true,
    scope = CommandLine.ScopeType.INHERIT, // --help/-h and --version/-V on every verb
    versionProvider = OrkCli.Version.class,
    description = "Typed YAML workflows: validate, graph and run them locally; `ork remote` for a deployed Ork.",
    subcommands = {CommandLine.HelpCommand.class, ValidateCommand.class, GraphCommand.class, RunCommand.class,
      RunsCommand.class, StatusCommand.class, LogsCommand.class, RerunCommand.class, BackfillCommand.class, CancelCommand.class, PoolCommand.class,
      ServeCommand.class, dev.ork.cli.remote.RemoteCommand.class})
public final class OrkCli implements Runnable {

  public static final int EXIT_OK = 0;
  public static final int EXIT_FAILED = 1;
  public static final int EXIT_INVALID = 2;
  public static final int EXIT_USAGE = 64;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    System.exit(execute(args));
  }

  public static int execute(String... args) {
    return newCommandLine().execute(args);
  }

  /** What one in-process run of the CLI returned and printed. */
  public record Captured(int exit, String out, String err) {}

  /** Runs the CLI in-process with its output captured (embedding, tests). */
  public static Captured executeCaptured(String... args) {
    var out = new java.io.StringWriter();
    var err = new java.io.StringWriter();
    var cli = newCommandLine();
    cli.setOut(new java.io.PrintWriter(out, true));
    cli.setErr(new java.io.PrintWriter(err, true));
    int exit = cli.execute(args);
    return new Captured(exit, out.toString(), err.toString());
  }

  public static CommandLine newCommandLine() {
    var cli = new CommandLine(new OrkCli());
    cli.setParameterExceptionHandler((ex, a) -> {
      ex.getCommandLine().getErr().println("error: " + ex.getMessage());
      ex.getCommandLine().getErr().println("hint: run `" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help`");
      return EXIT_USAGE;
    });
    cli.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
      if (ex instanceof UserError || ex instanceof IllegalArgumentException) {
        commandLine.getErr().println("error: " + ex.getMessage());
        return EXIT_INVALID;
      }
      commandLine.getErr().println("error: " + ex.getClass().getSimpleName() + ": " + ex.getMessage());
      commandLine.getErr().println("hint: this is a bug in ork; please report it with the command you ran");
      return EXIT_FAILED;
    });
    return cli;
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      var v = OrkCli.class.getPackage().getImplementationVersion();
      return new String[] {"ork " + (v == null ? "0.1.0-SNAPSHOT" : v)};
    }
  }
}
