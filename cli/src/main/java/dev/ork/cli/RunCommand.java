package dev.ork.cli;

import dev.ork.core.compiler.CompileResult;
import dev.ork.core.engine.EngineException;
import dev.ork.core.run.NewRun;
import dev.ork.core.run.Run;
import dev.ork.core.run.RunStatus;
import dev.ork.core.run.TaskRun;
import dev.ork.infra.local.LocalRuntime;
import dev.ork.infra.process.ProcessExecutor;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code ork run flow.yaml}: compiles, stores a snapshot, runs it to the end on the local runtime. */
@Command(name = "run", description = "Run a workflow locally to completion, with live progress. "
    + "Exit 0 when it succeeds, 1 when it fails or is cancelled, 2 when the workflow or inputs are invalid.")
public final class RunCommand implements Callable<Integer> {

  @CommandLine.Parameters(index = "0", paramLabel = "<flow.yaml>", description = "The workflow file.")
  Path file;

  @CommandLine.Option(names = "--input", paramLabel = "task.arg=value",
      description = "Override a task input for this run (JSON, or a plain string). Repeatable.")
  List<String> inputs;

  @CommandLine.Option(names = "--key", paramLabel = "<key>", description = "Idempotency key: a second run with the same key attaches to the first.")
  String key;

  @CommandLine.Option(names = "--interval-start", paramLabel = "<instant>",
      description = "The run's data interval start (ISO-8601 UTC, e.g. 2026-01-31T00:00:00Z); with --interval-end. "
          + "Default: the schedule's last complete interval, or [now, now] without a schedule.")
  Instant intervalStart;

  @CommandLine.Option(names = "--interval-end", paramLabel = "<instant>", description = "The run's data interval end; with --interval-start.")
  Instant intervalEnd;

  @CommandLine.Mixin LocalRunOptions local;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    var out = spec.commandLine().getOut();
    var err = spec.commandLine().getErr();
    var overrides = Inputs.parse(inputs);
    var opening = StoreOpening.start(local.db); // on another core while this one compiles
    CompileResult compiled;
    try {
      compiled = LocalCompiler.compile(file, err);
    } catch (RuntimeException | Error e) {
      opening.abandon();
      throw e;
    }
    if (compiled instanceof CompileResult.Invalid invalid) {
      opening.abandon();
      err.println(invalid.render());
      err.println("✗ " + file + ": not run, the workflow is invalid");
      return OrkCli.EXIT_INVALID;
    }
    var wf = compiled.workflow();
    ProcessExecutor.expectTasks((int) wf.tasks().stream().filter(t -> ProcessExecutor.KINDS.contains(t.executor().kind())).count());
    var root = file.toAbsolutePath().getParent();
    try (var store = opening.get()) {
      var leases = new RunLeases(local.db);
      // the run our key names, if orphaned, is taken over below (RunTakeOver), not cancelled
      OrphanedRuns.repair(store, leases, err, r -> key != null && key.equals(r.idempotencyKey()) && wf.name().equals(r.workflowName()));
      var executor = new AtomicReference<ProcessExecutor>();
      try (var lease = leases.acquire(); var runtime = local.runtime(store, root, executor, err)) {
        runtime.engine().register(wf, Instant.now());
        Run run;
        var asked = Instant.now();
        try {
          run = runtime.startRun(new NewRun(wf.name(), wf.contentHash(), lease.triggeredBy(), key, overrides,
              intervalStart, intervalEnd));
        } catch (EngineException e) {
          err.println("error: " + e.getMessage());
          return OrkCli.EXIT_INVALID;
        }
        if (key != null && run.createdAt().isBefore(asked) && (run.status() == RunStatus.FAILED || run.status() == RunStatus.CANCELLED)) {
          err.println("error: run " + run.runId() + " with key '" + key + "' already finished as " + run.status().wireName()
              + "; rerun it in place with `ork rerun " + run.runId() + "`");
          return OrkCli.EXIT_FAILED;
        }
        if (!lease.triggeredBy().equals(run.triggeredBy())) {
          err.println("note: --key " + key + " already names run " + run.runId() + " (" + run.status().wireName()
              + ", started " + run.createdAt().toString().substring(0, 19).replace('T', ' ') + " UTC); "
              + (run.status().isTerminal() ? "showing it" : "attaching to it") + " instead of starting a new run");
          err.flush();
        }
        var takeOver = new RunTakeOver(store, leases, lease.triggeredBy(), runtime, err);
        return follow(store, runtime, run, wf, executor.get(), takeOver, local.quiet, out, err);
      } finally {
        if (executor.get() != null) executor.get().close();
      }
    }
  }

  /**
   * Follows a started (or rerun, or attached) run to its end with live progress, taking it over if its
   * owner dies; Ctrl-C cancels it. The exit code.
   */
  static int follow(LocalStore store, LocalRuntime runtime, Run run, dev.ork.core.workflow.CompiledWorkflow wf,
      ProcessExecutor executor, RunTakeOver takeOver, boolean quiet, PrintWriter out, PrintWriter err)
      throws InterruptedException {
    var runId = run.runId();
    out.println("run " + runId + " of " + wf.name() + " (" + wf.tasks().size() + " tasks, snapshot "
        + wf.contentHash().substring(0, Math.min(19, wf.contentHash().length())) + ")");
    out.flush();
    var finished = CtrlC.guard(() -> {
      if (!store.runs.run(runId).orElseThrow().status().isTerminal()) {
        runtime.engine().control().cancel(runId, "interrupted (Ctrl-C)");
        executor.stopAll("interrupted");
        err.println("\nork: run " + runId + " cancelled (Ctrl-C)");
        err.flush();
      }
    }, () -> watch(store, runtime, runId, out, executor, takeOver, wf, quiet));
    if (finished.isEmpty()) return OrkCli.EXIT_FAILED;
    RunView.summary(out, finished.get(), RunView.ordered(store.runs.tasks(runId), wf), t -> null,
        ref -> store.payloads().fileOf(ref).toString());
    out.flush();
    return finished.get().status() == RunStatus.SUCCEEDED ? OrkCli.EXIT_OK : OrkCli.EXIT_FAILED;
  }

  /**
   * Polls the store until the run ends, printing each task's changes (a table on a terminal). The run
   * row is read after each status the runtime handled (at most every {@link #MIN_READ_GAP_NANOS}) or
   * every tick; all tasks only when the view shows them, paced to at most a tenth of the time.
   */
  private static Run watch(LocalStore store, LocalRuntime runtime, String runId, PrintWriter out, ProcessExecutor executor,
      RunTakeOver takeOver, dev.ork.core.workflow.CompiledWorkflow wf, boolean quiet) throws InterruptedException {
    boolean tty = System.console() != null && !quiet;
    var last = new HashMap<String, String>();
    var pacer = new ReadPacer(10);
    var live = tty ? new LiveView(out, TerminalSize.polled()) : null;
    long started = System.nanoTime();
    while (true) {
      var run = store.runs.run(runId).orElseThrow();
      if (run.status() == RunStatus.CANCELLED) executor.stopAll("run cancelled"); // by `ork cancel` elsewhere
      takeOver.check(run);
      long t0 = System.nanoTime();
      if (run.status().isTerminal()) awaitTasksSettled(store, runId);
      if (!quiet && (run.status().isTerminal() || pacer.due(t0))) {
        var tasks = RunView.ordered(store.runs.tasks(runId), wf);
        if (live != null) {
          live.draw(tasks);
        } else {
          printChanges(out, tasks, last, started);
        }
        pacer.read(t0, System.nanoTime());
      }
      if (run.status().isTerminal()) return run;
      runtime.awaitStatus(java.time.Duration.ofMillis(tty ? 100 : 25));
      long gap = MIN_READ_GAP_NANOS - (System.nanoTime() - t0);
      if (gap > 0) Thread.sleep(gap / 1_000_000, (int) (gap % 1_000_000));
    }
  }

  /** The run row is read at most this often (a wide run handles a status every fraction of a millisecond). */
  private static final long MIN_READ_GAP_NANOS = 5_000_000;

  private static boolean shown(dev.ork.core.run.TaskStatus s) {
    return s == dev.ork.core.run.TaskStatus.RUNNING || s == dev.ork.core.run.TaskStatus.DEFERRED
        || s == dev.ork.core.run.TaskStatus.RETRY_WAIT || s.isTerminal();
  }

  /**
   * A run is marked finished before its unfinished tasks are (a cancel, from here or from `ork cancel`
   * elsewhere, writes the run first): waits, up to {@link #SETTLE_MAX}, until every task shows how it
   * ended, so the last frame and the summary show what `ork status` shows.
   */
  private static void awaitTasksSettled(LocalStore store, String runId) throws InterruptedException {
    long until = System.nanoTime() + SETTLE_MAX.toNanos();
    while (System.nanoTime() - until < 0 && !store.runs.tasks(runId).stream().allMatch(t -> t.status().isTerminal())) {
      Thread.sleep(20);
    }
  }

  private static final java.time.Duration SETTLE_MAX = java.time.Duration.ofSeconds(3);

  private static Instant changedAt(TaskRun t) {
    return t.finishedAt() != null ? t.finishedAt() : t.startedAt() != null ? t.startedAt() : Instant.MAX;
  }

  private static void printChanges(PrintWriter out, List<TaskRun> tasks, Map<String, String> last, long started) {
    var byTime = tasks.stream().sorted((a, b) -> changedAt(a).compareTo(changedAt(b))).toList(); // archivable: RunView.ordered
    for (var t : byTime) {
      var state = t.status().wireName() + "#" + t.attempt();
      if (!shown(t.status()) || state.equals(last.put(t.taskName(), state))) continue;
      var elapsed = String.format("%7.2fs", (System.nanoTime() - started) / 1e9);
      out.println(elapsed + "  " + t.taskName() + "  " + t.status().wireName()
          + (t.attempt() > 1 ? " (attempt " + t.attempt() + ")" : "")
          + (t.status().isTerminal() && t.startedAt() != null ? " in " + Durations.between(t.startedAt(), t.finishedAt()) : "")
          + (t.error() != null && (t.status() == dev.ork.core.run.TaskStatus.RETRY_WAIT || t.status().isFailure()) ? ": " + t.error() : ""));
    }
    out.flush();
  }
}
