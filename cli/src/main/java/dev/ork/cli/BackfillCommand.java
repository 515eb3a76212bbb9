package dev.ork.cli;

import dev.ork.core.compiler.CompileResult;
import dev.ork.core.engine.Backfills;
import dev.ork.core.engine.EngineException;
import dev.ork.core.run.Backfill;
import dev.ork.core.run.RunStatus;
import dev.ork.infra.local.LocalRuntime;
import dev.ork.infra.process.ProcessExecutor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code ork backfill flow.yaml --from T1 --to T2}: one local run per fire time in [T1, T2), followed to the end. */
@Command(name = "backfill", description = "Run a scheduled workflow once per fire time of its schedule in [--from, --to), "
    + "oldest first, each with its slot's data interval, at most --max-active at once, with live progress. Repeating it "
    + "starts nothing twice: slots that have a run are reported. Ctrl-C cancels its unfinished runs. "
    + "Exit 0 when every slot's run succeeded, 1 otherwise, 2 when the request is invalid.")
public final class BackfillCommand implements Callable<Integer> {
  @CommandLine.Parameters(index = "0", paramLabel = "<flow.yaml|workflow>",
      description = "The workflow file, or the name of a workflow already in the database.")
  String target;

  @CommandLine.Mixin
  BackfillRange range;

  @CommandLine.Option(names = "--dir", paramLabel = "<folder>",
      description = "With a workflow name: its folder, where its commands and scripts are (default: the current directory).")
  Path dir = Path.of(".");

  @CommandLine.Mixin LocalRunOptions local;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  private int createAndFollow(LocalStore store, LocalRuntime runtime, String name, Instant start, Instant end,
      String triggeredBy) throws InterruptedException {
    var out = spec.commandLine().getOut();
    var backfills = runtime.engine().backfills();
    Backfills.Created created;
    try {
      created = backfills.create(name, start, end, range.maxActive, triggeredBy);
    } catch (EngineException e) {
      spec.commandLine().getErr().println("error: " + e.getMessage());
      return OrkCli.EXIT_INVALID;
    }
    var progress = new BackfillProgress(store, created, triggeredBy, local.quiet, out);
    progress.header();
    progress.follow(runtime);
    var slots = backfills.slots(created.backfill());
    progress.summary(backfills.summary(created.backfill(), slots), slots);
    return slots.stream().allMatch(s -> s.run() != null && s.run().status() == RunStatus.SUCCEEDED)
        ? OrkCli.EXIT_OK : OrkCli.EXIT_FAILED;
  }

  @Override
  public Integer call() throws Exception {
    var out = spec.commandLine().getOut();
    var err = spec.commandLine().getErr();
    Instant start, end;
    try {
      start = Backfills.parseBound("--from", range.from);
      end = Backfills.parseBound("--to", range.to);
    } catch (EngineException e) {
      throw new UserError(e.getMessage());
    }
    var file = Path.of(target);
    boolean isFile = Files.isRegularFile(file) || target.endsWith(".yaml") || target.endsWith(".yml");
    dev.ork.core.workflow.CompiledWorkflow compiled = null;
    if (isFile) {
      if (!Files.isRegularFile(file)) throw new UserError("no workflow file " + target);
      var result = LocalCompiler.compile(file, err);
      if (result instanceof CompileResult.Invalid invalid) {
        err.println(invalid.render());
        err.println("✗ " + file + ": no backfill, the workflow is invalid");
        return OrkCli.EXIT_INVALID;
      }
      compiled = result.workflow();
    }
    try (var store = LocalStore.open(local.db)) {
      var leases = new RunLeases(local.db);
      OrphanedRuns.repair(store, leases, err);
      String name;
      Path root;
      if (compiled != null) {
        name = compiled.name();
        root = file.toAbsolutePath().getParent();
      } else {
        name = store.snapshots.workflow(target).orElseThrow(() -> new UserError("workflow '" + target
            + "' is not in " + local.db + ": pass its YAML file instead (ork backfill flow.yaml --from … --to …)")).name();
        root = dir.toAbsolutePath().normalize();
      }
      var executor = new AtomicReference<ProcessExecutor>();
      try (var lease = leases.acquire(); var runtime = local.runtime(store, root, executor, err)) {
        if (compiled != null) runtime.engine().register(compiled, Instant.now()); // kept, not read back
        var backfills = runtime.engine().backfills();
        var id = Backfill.idFor(name, start, end);
        var exit = CtrlC.guard(() -> { // also while its runs are being created: the first ones already run
          if (backfills.get(id).isPresent()) backfills.cancel(id);
          executor.get().stopAll("interrupted");
          err.println("\nork: backfill " + id + " cancelled (Ctrl-C): its unfinished runs are cancelled");
          err.flush();
        }, () -> createAndFollow(store, runtime, name, start, end, lease.triggeredBy()));
        return exit.orElse(OrkCli.EXIT_FAILED);
      } finally {
        if (executor.get() != null) executor.get().close();
      }
    }
  }
}
