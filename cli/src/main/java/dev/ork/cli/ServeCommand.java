package dev.ork.cli;

import dev.ork.cli.serve.OrkServer;
import dev.ork.core.port.Clock;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code ork serve}: API, console, engine and schedules in one long-lived local process (docs/console.md). */
@Command(name = "serve", description = "Serve the Ork API (under /v1) and the console (at /) on this machine, run the "
    + "engine and fire enabled schedules; the given workflow files/folders are registered, and again when they change.")
public final class ServeCommand implements Callable<Integer> {

  @CommandLine.Parameters(paramLabel = "FILE|DIR", arity = "0..*", description = "Workflow files or folders of them.")
  List<Path> files = List.of();

  @CommandLine.Option(names = "--port", description = "Port (default: ${DEFAULT-VALUE}; 0 picks a free one).")
  int port = 8080;

  @CommandLine.Option(names = "--bind", description = "Address to listen on (default: ${DEFAULT-VALUE}, this machine only).")
  String bind = "127.0.0.1";

  @CommandLine.Option(names = "--db", paramLabel = "<file>", description = "SQLite database (default: .ork/ork.db).")
  Path db = Path.of(LocalStore.DEFAULT_DB);

  @CommandLine.Option(names = "--token", description = "Bearer token every request must carry; required off loopback. "
      + "Default: $ORK_SERVE_TOKEN.")
  String token;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    var err = spec.commandLine().getErr();
    var secret = token != null ? token : System.getenv("ORK_SERVE_TOKEN");
    var problem = dev.ork.cli.serve.RequestGuard.startProblem(bind, secret);
    if (problem.isPresent()) throw new UserError(problem.get());
    var stopped = new CountDownLatch(1);
    var closed = new CountDownLatch(1);
    try (var server = new OrkServer(db, files, bind, port, secret, Clock.system(), OrkServer.TICK, err)) {
      var host = bind.contains(":") ? "[" + bind + "]" : bind;
      spec.commandLine().getOut().println("ork serve: console http://" + host + ":" + server.port() + "/ , API http://"
          + host + ":" + server.port() + "/v1 (database " + db + "; Ctrl-C stops)");
      spec.commandLine().getOut().flush();
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        stopped.countDown();
        try {
          closed.await(10, java.util.concurrent.TimeUnit.SECONDS); // the store closes before the JVM halts
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }));
      stopped.await();
    } catch (java.net.BindException e) {
      throw new UserError("cannot listen on " + bind + ":" + port + " (" + e.getMessage() + "): pick another --port");
    } finally {
      closed.countDown();
    }
    return OrkCli.EXIT_OK;
  }
}
