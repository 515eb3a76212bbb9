package dev.ork.cli.serve;

import dev.ork.api.ApiRoutes;
import dev.ork.api.ScheduleFiring;
import dev.ork.cli.LocalCompiler;
import dev.ork.cli.LocalStore;
import dev.ork.core.compiler.WorkflowCompiler;
import dev.ork.core.engine.EngineSettings;
import dev.ork.core.port.Clock;
import dev.ork.core.port.ExecutorRegistry;
import dev.ork.core.port.RunStore.RunQuery;
import dev.ork.core.run.RunStatus;
import dev.ork.core.run.StatusUpdate;
import dev.ork.infra.local.LocalRuntime;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * `ork serve` wired: the SQLite store, the local runtime (engine, dispatchers, sweeper, triggerer)
 * owning every run in the database, the schedule tick (the same {@link ScheduleFiring} as the Lambda
 * SchedulerTickHandler), the workflow files re-registered on change, and the HTTP server.
 */
public final class OrkServer implements AutoCloseable {
  /** How often `ork serve` looks for due schedules and changed workflow files. */
  public static final Duration TICK = Duration.ofSeconds(1);

  private final LocalStore store;
  private final LocalRuntime runtime;
  private final FolderExecutors folders;
  private final ScheduleFiring schedules;
  private final WorkflowFiles files;
  private final ServeServer server;
  private final List<Thread> tickers = new ArrayList<>();
  private final PrintWriter err;
  private volatile boolean running = true;

  public OrkServer(Path db, List<Path> workflowFiles, String bind, int port, String token, Clock clock, Duration tick,
      PrintWriter err)
      throws IOException {
    this.err = err;
    var dbDir = db.toAbsolutePath().getParent();
    if (dbDir != null) java.nio.file.Files.createDirectories(dbDir);
    this.store = LocalStore.open(db);
    var folderExecutors = new AtomicReference<FolderExecutors>();
    this.runtime = new LocalRuntime(store.snapshots, store.runs, store.slots, store.payloads(), store.backfills, statuses -> {
      var f = new FolderExecutors(statuses, store.logs, Path.of("."));
      folderExecutors.set(f);
      return new ExecutorRegistry(Map.of("process", f, "python", f));
    }, store.deferrals(), clock, EngineSettings.defaults(), 8, e -> err.println("ork serve: internal error: " + e))
        .owningEveryRun();
    this.folders = folderExecutors.get();
    failAttemptsOfAnEarlierServer();
    this.schedules = new ScheduleFiring(store.snapshots, runtime.engine(), clock);
    this.files = new WorkflowFiles(workflowFiles, store.snapshots, folders, f -> LocalCompiler.compile(f, err), err);
    files.scan();
    var routes = new ApiRoutes(runtime.engine(), store.snapshots, store.runs, new WorkflowCompiler(), clock,
        dev.ork.api.TaskLogs.stored(store.logs));
    this.server = new ServeServer(bind, port, token, new LocalApi(routes, new RunEvents(store.runs, routes),
        e -> err.println("ork serve: internal error: " + e)));
    if (tick != null) {
      tickers.add(every("ork-schedules", tick, this::tickSchedules));
      tickers.add(every("ork-files", tick, files::scan));
    }
  }

  public int port() {
    return server.port();
  }

  /** Registers the workflow files that changed since the last look; returns their workflows' names. */
  public List<String> rescanFiles() {
    return files.scan();
  }

  /** One schedule tick: fires what is due (each due time once, across ticks and restarts). */
  public ScheduleFiring.Report tickSchedules() {
    return schedules.fireDue();
  }

  /**
   * Attempts left in flight by an `ork serve` that stopped (their processes died with it) are reported
   * failed, so they retry or fail by the workflow's rules instead of waiting forever.
   */
  private void failAttemptsOfAnEarlierServer() {
    var now = java.time.Instant.now();
    for (var status : RunStatus.unfinished()) {
      String cursor = null;
      do {
        var page = store.runs.listRuns(new RunQuery(null, status, 100, cursor));
        for (var run : page.runs()) {
          if (run.triggeredBy() != null && run.triggeredBy().startsWith("cli:")) continue; // an `ork run`'s own
          for (var t : store.runs.tasks(run.runId())) {
            if (t.status().isInFlight() && t.status() != dev.ork.core.run.TaskStatus.DEFERRED) {
              runtime.engine().onStatus(StatusUpdate.failed(run.runId(), t.taskName(), t.attempt(),
                  "ork serve stopped while this attempt ran", now));
            }
          }
        }
        cursor = page.nextCursor();
      } while (cursor != null);
    }
  }

  private Thread every(String name, Duration tick, Runnable work) {
    return Thread.ofPlatform().name(name).daemon().start(() -> {
      while (running) {
        try {
          Thread.sleep(tick.toMillis());
          work.run();
        } catch (InterruptedException e) {
          return;
        } catch (RuntimeException e) {
          err.println("ork serve: " + name + ": " + e);
        }
      }
    });
  }

  @Override
  public void close() {
    running = false;
    tickers.forEach(Thread::interrupt);
    server.close();
    folders.close();
    runtime.close();
    store.close();
  }

}
