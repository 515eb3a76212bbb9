package dev.ork.cli;

import dev.ork.core.compiler.WorkflowCompiler;
import java.util.Set;

/**
 * Warms, on a daemon thread while picocli builds and parses the command line (~0.1 s), what a local
 * verb needs next: the YAML reader, the compiler and the JSON mapper (a one-time ~0.1 s of class and
 * serializer set-up) and, for verbs that open the store, the SQLite driver and its native library.
 * The idea of Spring Boot's BackgroundPreinitializer. A failure here is ignored: the verb itself does
 * the real work and reports what goes wrong.
 */
final class Preload {
  private static final Set<Class<?>> COMPILING =
      Set.of(RunCommand.class, ValidateCommand.class, GraphCommand.class, BackfillCommand.class);
  private static final Set<Class<?>> STORE = Set.of(RunCommand.class, RerunCommand.class, BackfillCommand.class,
      StatusCommand.class, RunsCommand.class, LogsCommand.class, CancelCommand.class, PoolCommand.class, ServeCommand.class);
  private static final String WORKFLOW = """
      name: preload
      tasks:
        a: {executor: process, command: "true", timeout: 10, retries: 1}
        b: {executor: process, command: "true", depends_on: [a]}
      """;

  private Preload() {}

  /** Starts the warm-up {@code verb} (the one the command line names, {@link OrkCli#verbNamed}) gains from. */
  static void startFor(Class<?> verb) {
    boolean compile = COMPILING.contains(verb);
    boolean store = STORE.contains(verb);
    if (!compile && !store) return;
    var thread = new Thread(() -> warm(compile, store), "ork-preload");
    thread.setDaemon(true);
    thread.start();
  }

  private static void warm(boolean compile, boolean store) {
    try {
      if (store) {
        Class.forName("org.sqlite.JDBC");
        org.sqlite.SQLiteJDBCLoader.initialize();
      }
      if (compile) {
        new WorkflowCompiler().compileSource(WORKFLOW, "preload", null);
      }
    } catch (Throwable ignored) {
      // only a warm-up
    }
  }
}
