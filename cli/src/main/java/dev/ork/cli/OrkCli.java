package dev.ork.cli;

import java.util.Arrays;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code ork} command. Exit codes: 0 ok, 1 the work failed, 2 invalid input, 64 usage error. */
@Command(
    name = "ork",
    mixinStandardHelpOptions = true,
    scope = CommandLine.ScopeType.INHERIT, // --help/-h and --version/-V on every verb
    versionProvider = OrkCli.Version.class,
    description = "Typed YAML workflows: validate, graph and run them locally; `ork remote` for a deployed Ork.")
public final class OrkCli implements Runnable {

  /** The verbs, in the order `ork --help` lists them. */
  static final List<Class<?>> VERBS = List.of(CommandLine.HelpCommand.class, ValidateCommand.class, GraphCommand.class,
      RunCommand.class, RunsCommand.class, StatusCommand.class, LogsCommand.class, RerunCommand.class, BackfillCommand.class,
      CancelCommand.class, PoolCommand.class, ServeCommand.class, dev.ork.cli.remote.RemoteCommand.class);

  public static final int EXIT_OK = 0;
  public static final int EXIT_FAILED = 1;
  public static final int EXIT_INVALID = 2;
  public static final int EXIT_USAGE = 64;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    // picocli looks for Groovy's Closure class otherwise: a class that is nowhere is searched for in every
    // jar, and opening ork-aws.jar (25,000 entries) costs a start ~25 ms (cli/pom.xml)
    System.setProperty("picocli.disable.closures", "true");
    verbNamed(args).ifPresent(Preload::startFor);
    System.exit(execute(args));
  }

  public static int execute(String... args) {
    return newCommandLine(args).execute(args);
  }

  /** What one in-process run of the CLI returned and printed. */
  public record Captured(int exit, String out, String err) {}

  /** Runs the CLI in-process with its output captured (embedding, tests). */
  public static Captured executeCaptured(String... args) {
    var out = new java.io.StringWriter();
    var err = new java.io.StringWriter();
    var cli = newCommandLine(args);
    cli.setOut(new java.io.PrintWriter(out, true));
    cli.setErr(new java.io.PrintWriter(err, true));
    int exit = cli.execute(args);
    return new Captured(exit, out.toString(), err.toString());
  }

  /** The whole command tree. */
  public static CommandLine newCommandLine() {
    return newCommandLine(new String[0]);
  }

  /**
   * The command tree for {@code args}: only the verb they name when they name one (picocli builds every
   * option of every verb it is given, ~0.2 s of a 0.5 s start with all of them), else every verb, so
   * {@code ork --help}, {@code ork help X} and the "did you mean" of a mistyped verb see them all.
   */
  static CommandLine newCommandLine(String[] args) {
    var cli = new CommandLine(new OrkCli());
    verbsFor(args).forEach(cli::addSubcommand);
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

  private static List<Class<?>> verbsFor(String[] args) {
    return verbNamed(args).<List<Class<?>>>map(List::of).orElse(VERBS);
  }

  /** The verb (other than help) {@code args} start with, by its name or an alias; empty for none. */
  static java.util.Optional<Class<?>> verbNamed(String[] args) {
    if (args.length == 0 || args[0].startsWith("-")) {
      return java.util.Optional.empty();
    }
    for (Class<?> verb : VERBS) {
      var command = verb.getAnnotation(Command.class);
      if (verb != CommandLine.HelpCommand.class
          && (command.name().equals(args[0]) || Arrays.asList(command.aliases()).contains(args[0]))) {
        return java.util.Optional.of(verb);
      }
    }
    return java.util.Optional.empty();
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
