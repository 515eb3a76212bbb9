package dev.ork.cli;

import dev.ork.core.engine.EngineSettings;
import dev.ork.core.port.Clock;
import dev.ork.core.port.ExecutorRegistry;
import dev.ork.infra.local.LocalEcsExecutor;
import dev.ork.infra.local.LocalLambdaExecutor;
import dev.ork.infra.local.LocalRuntime;
import dev.ork.infra.process.ProcessExecutor;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine;

/** The options the commands that execute runs locally share ({@code ork run}, {@code rerun}, {@code backfill}). */
final class LocalRunOptions {
  @CommandLine.Option(names = "--db", paramLabel = "<file>", description = "SQLite database (default: .ork/ork.db).")
  Path db = Path.of(LocalStore.DEFAULT_DB);

  @CommandLine.Option(names = "--workers", description = "Dispatcher threads (default: ${DEFAULT-VALUE}).")
  int workers = 8;

  @CommandLine.Option(names = {"-q", "--quiet"}, description = "Only the summary.")
  boolean quiet;

  @CommandLine.Option(names = "--classpath", paramLabel = "<path>",
      description = "Jars or class folders (separated by '${sys:path.separator}', relative to the working directory) holding the "
          + "RequestHandler classes of lambda tasks' `handler`, to run them in-process. Default: $ORK_CLASSPATH.")
  String classpath;

  /** A local runtime with the process, python, lambda and ecs executors, for tasks under {@code root}. */
  LocalRuntime runtime(LocalStore store, Path root, AtomicReference<ProcessExecutor> executor, PrintWriter err) {
    var cp = ClassPathEntries.resolve(classpath != null ? classpath : System.getenv("ORK_CLASSPATH"),
        classpath != null ? "--classpath" : "ORK_CLASSPATH", err);
    return new LocalRuntime(store.snapshots, store.runs, store.slots, store.payloads(), store.backfills, statuses -> {
      var px = new ProcessExecutor(root, statuses, store.logs, Clock.system());
      executor.set(px);
      var lambda = new LocalLambdaExecutor(root, cp, statuses, store.logs, Clock.system());
      return new ExecutorRegistry(Map.of("process", px, "python", px,
          LocalLambdaExecutor.KIND, lambda, LocalEcsExecutor.KIND, new LocalEcsExecutor(px)));
    }, store.deferrals(), Clock.system(), EngineSettings.defaults(), workers,
        e -> err.println("ork: internal error: " + e));
  }
}
