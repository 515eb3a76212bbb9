package dev.ork.core.engine;

import static dev.ork.core.run.TaskStatus.CANCELLED;
import static dev.ork.core.run.TaskStatus.DEFERRED;
import static dev.ork.core.run.TaskStatus.PENDING;
import static dev.ork.core.run.TaskStatus.QUEUED;
import static dev.ork.core.run.TaskStatus.UPSTREAM_FAILED;
import static dev.ork.core.run.TaskStatus.SUCCEEDED;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ork.core.engine.Decision.*;
import dev.ork.core.port.TaskExecutor.LaunchException;
import dev.ork.core.port.TaskLaunch;
import dev.ork.core.run.DeferredJob;
import dev.ork.core.run.DispatchMessage;
import dev.ork.core.run.Run;
import dev.ork.core.run.TaskRun;
import dev.ork.core.workflow.Binding;
import dev.ork.core.workflow.CompiledTask;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Carries out {@link Decision}s through the ports, each write as the conditional write the store
 * does. Where a decision's outcome needs what only the ports know (the run a finish returned, a
 * dependency tally, a launch's result), the applier reads or acts, and asks {@link Decide} or
 * {@link DecideRun} again. One applier per engine; it keeps no state between calls.
 */
final class Applier {
  private final EnginePorts ports;
  private final EngineSettings settings;
  private final Snapshots snapshots;
  private final Fanout fanout;
  private final Limits limits;
  private final Payloads payloads;

  Applier(EnginePorts ports, EngineSettings settings, Snapshots snapshots) {
    this.ports = ports;
    this.settings = settings;
    this.snapshots = snapshots;
    this.fanout = new Fanout(ports, settings, this);
    this.limits = new Limits(ports);
    this.payloads = new Payloads(ports.payloads(), settings);
  }

  Payloads payloads() {
    return payloads;
  }

  Limits limits() {
    return limits;
  }

  /** Applies the decisions in order. {@code run}: the run a preceding finish returned, or null. */
  void apply(List<? extends Decision> decisions, Run run) {
    var batch = new ArrayList<DispatchMessage>();
    for (var d : decisions) apply(d, run, batch);
  }

  void apply(List<? extends Decision> decisions) {
    apply(decisions, null);
  }

  /** What {@link #inOneTransaction} does once its writes committed (launches, stops, sends); else null. */
  private final ThreadLocal<List<Runnable>> afterCommit = new ThreadLocal<>();
  /** The writes that record launches made after a commit ({@link #afterCommitted}), to make together; else null. */
  private final ThreadLocal<List<Decision>> launchWrites = new ThreadLocal<>();

  /**
   * Runs {@code work} (reading, deciding, applying) with its store writes in one transaction where the store
   * has them: a finish and the claims of the dependents it releases, or the claims of a dispatcher's batch,
   * make one commit, not one each. What acts outside the store (launches, stops, queue sends) runs after it
   * commits, so a claim is durable before its task starts and nothing acts on a write that rolled back;
   * the writes recording those launches (`running`, the pid) are then made together in a second
   * transaction. If the transaction fails, none of it was written, and {@code work} runs again one write
   * at a time, as on a store without transactions (where it always runs so). Inside another call it joins
   * that one.
   */
  void inOneTransaction(Runnable work) {
    if (!ports.runs().hasTransactions() || afterCommit.get() != null) {
      work.run();
      return;
    }
    var actions = new ArrayList<Runnable>();
    afterCommit.set(actions);
    try {
      ports.runs().inOneTransaction(work);
    } catch (RuntimeException e) {
      afterCommit.remove();
      work.run();
      return;
    } finally {
      afterCommit.remove();
    }
    afterCommitted(actions);
  }

  private void afterCommitted(List<Runnable> actions) {
    if (actions.isEmpty()) return;
    var writes = new ArrayList<Decision>();
    launchWrites.set(writes);
    try {
      actions.forEach(Runnable::run);
    } finally {
      launchWrites.remove();
    }
    if (!writes.isEmpty()) inOneTransaction(() -> apply(writes));
  }

  /** Runs {@code action} now, or after the commit of the transaction this thread is applying decisions in. */
  private void afterWrites(Runnable action) {
    var later = afterCommit.get();
    if (later != null) later.add(action);
    else action.run();
  }

  /** Applies one task write and what follows it; true when its guard held. */
  boolean write(WriteTask w) {
    var batch = new ArrayList<DispatchMessage>();
    return write(w, batch);
  }

  boolean write(WriteRun w) {
    boolean applied = ports.runs().transitionRun(w.runId(), w.guard(), w.to(), w.at(), w.error());
    if (applied) apply(w.then());
    return applied;
  }

  private void apply(Decision d, Run run, List<DispatchMessage> batch) {
    switch (d) {
      case WriteTask w -> write(w, batch);
      case WriteRun w -> write(w);
      case Batch b -> batch.add(b.message());
      case SendBatch s -> {
        if (s.evenIfEmpty() || !batch.isEmpty()) {
          var messages = List.copyOf(batch);
          afterWrites(() -> ports.dispatchQueue().sendAll(messages));
        }
        batch.clear();
      }
      case DispatchAfter a -> afterWrites(() -> ports.dispatchQueue().sendAfter(a.message(), a.delay()));
      case SendStatus s -> afterWrites(() -> ports.statusQueue().send(s.update()));
      case StatusAfter a -> afterWrites(() -> ports.statusQueue().sendAfter(a.update(), a.delay()));
      case Launch l -> afterWrites(() -> launch(l.run(), l.claimed()));
      case StopAttempt s -> afterWrites(() -> ports.executors().forKind(s.kind()).ifPresent(x ->
          x.stop(s.runId(), s.taskName(), s.attempt(), s.executionId(), s.reason())));
      case StopIfCancelled s -> ports.runs().task(s.runId(), s.taskName())
          .filter(t -> t.status() == CANCELLED && t.attempt() == s.attempt())
          .ifPresent(t -> apply(new StopAttempt(s.kind(), s.runId(), s.taskName(), s.attempt(), s.executionId(),
              "run cancelled"), run, batch));
      case CreateJobs c -> ports.deferrals().jobs().createJobs(c.jobs());
      case ReleaseTaskSlots r -> limits.releaseTaskSlots(r.wf(), r.task(), r.runId(), r.attempt());
      case ReleaseRunSlot r -> limits.releaseRunSlot(r.wf(), r.runId(), r.backfillId());
      case CancelJobs c -> cancelOpenJobs(c.runId(), c.taskName(), c.attempt(), c.reason());
      case CancelJobsUnlessDeferred c -> {
        var now = ports.runs().task(c.runId(), c.taskName()).orElseThrow();
        if (now.status() != DEFERRED || now.attempt() != c.attempt()) cancelOpenJobs(c.runId(), c.taskName(), c.attempt(), c.reason());
      }
      case AfterTerminal a -> afterTerminal(a.task(), run, a.status(), true);
      case ReconcileForeach r -> fanout.reconcile(snapshots.get(r.run().workflowName(), r.run().snapshotHash()),
          r.task(), r.row(), r.byName(), r.run());
      case ReplayIfFinished r -> replay(r);
      case Release r -> release(r, batch);
      case Propagate p -> propagate(p, run);
      case CompleteIfDone c -> completeIfDone(run);
    }
  }

  private boolean write(WriteTask w, List<DispatchMessage> batch) {
    w = new WriteTask(w.runId(), w.taskName(), w.guard(), w.attempt(), payloads.encode(w.runId(), w.taskName(), w.attempt(),
        w.patch()), w.then(), w.otherwise());
    boolean applied;
    Run run = null;
    if (w.patch().status() != null && w.patch().status().isTerminal()) {
      var after = ports.runs().finishTask(w.runId(), w.taskName(), w.guard(), w.attempt(), w.patch());
      applied = after.isPresent();
      run = after.orElse(null);
    } else {
      applied = ports.runs().transitionTask(w.runId(), w.taskName(), w.guard(), w.attempt(), w.patch());
    }
    if (!applied) {
      var rerun = atRerunAttempt(w);
      if (rerun != null) return write(rerun, batch);
    }
    for (var d : applied ? w.then() : w.otherwise()) apply(d, run, batch);
    return applied;
  }

  /**
   * A write fenced on a pending task at attempt 0 (queue it, or mark it upstream-failed) that found a
   * task a rerun left pending at its last attempt: the same write at that attempt (queued: at the next
   * one), or null when there is no such task.
   */
  private WriteTask atRerunAttempt(WriteTask w) {
    var to = w.patch().status();
    if (w.attempt() != 0 || !w.guard().contains(PENDING) || (to != QUEUED && to != UPSTREAM_FAILED)) return null;
    var task = ports.runs().task(w.runId(), w.taskName()).filter(t -> t.status() == PENDING && t.attempt() > 0).orElse(null);
    if (task == null) return null;
    if (to == UPSTREAM_FAILED) return new WriteTask(w.runId(), w.taskName(), w.guard(), task.attempt(), w.patch(), w.then(), w.otherwise());
    int next = task.attempt() + 1;
    var then = w.then().stream().map(d -> d instanceof Batch b
        ? (Decision) new Batch(new DispatchMessage(b.message().runId(), b.message().taskName(), next)) : d).toList();
    return new WriteTask(w.runId(), w.taskName(), w.guard(), task.attempt(), w.patch().attempt(next), then, w.otherwise());
  }

  private void replay(ReplayIfFinished r) {
    var current = ports.runs().task(r.runId(), r.task().name()).orElse(null);
    if (current == null || current.attempt() != r.attempt()) return;
    if (r.status() == null ? !current.status().isTerminal() : current.status() != r.status()) return;
    ports.runs().run(r.runId()).ifPresent(run -> afterTerminal(r.task(), run, current.status(), false));
  }

  /** {@code counted}: this caller's finish won (false when replaying one applied before). */
  private void afterTerminal(CompiledTask ct, Run run, dev.ork.core.run.TaskStatus status, boolean counted) {
    var wf = snapshots.get(run.workflowName(), run.snapshotHash());
    var now = ports.clock().now();
    if (ct.isInstance()) {
      fanout.instanceEnded(wf, ct, run, status, counted);
      completeIfDone(run);
      return;
    }
    switch (status) {
      case SUCCEEDED -> {
        var ready = new ArrayList<String>();
        for (var dependent : wf.dependentsOf(ct.name())) {
          // A single dependency needs no tally: its success alone makes the dependent ready.
          int satisfied = dependent.dependsOn().size() == 1 ? 1
              : ports.runs().markDependencySatisfied(run.runId(), dependent.name(), ct.name());
          if (satisfied == dependent.dependsOn().size()) ready.add(dependent.name());
        }
        apply(DecideRun.release(run, ready, wf, settings, now), run);
        completeIfDone(run);
      }
      case CANCELLED -> completeIfDone(run);
      case FAILED, TIMED_OUT, UPSTREAM_FAILED -> propagate(DecideRun.propagateFailure(wf, ct, run.runId(), true, now), run);
      case PENDING, QUEUED, DISPATCHED, RUNNING, DEFERRED, RETRY_WAIT ->
          throw new IllegalStateException("not terminal: " + status);
    }
  }

  private void release(Release r, List<DispatchMessage> batch) {
    for (var ready : r.ready()) {
      if (ready.expand() != null) {
        fanout.expand(snapshots.get(r.run().workflowName(), r.run().snapshotHash()), ready.expand(), r.run());
        continue;
      }
      if (ready.inlineClaim() != null) {
        boolean claimed;
        try {
          claimed = ports.runs().transitionTask(ready.inlineClaim().runId(), ready.inlineClaim().taskName(),
              ready.inlineClaim().guard(), ready.inlineClaim().attempt(), ready.inlineClaim().patch());
        } catch (RuntimeException e) { // e.g. throttled: queue it for a dispatcher (a no-op if the claim was written)
          write(ready.queue(), batch);
          continue;
        }
        if (claimed) {
          ready.inlineClaim().then().forEach(d -> apply(d, null, batch));
        } else {
          write(ready.queue(), batch); // a rerun task (pending at attempt > 0) is queued; claimed elsewhere: a no-op
        }
        continue;
      }
      write(ready.queue(), batch);
    }
  }

  private void propagate(Propagate p, Run run) {
    Run latest = run;
    for (var w : p.writes()) {
      var after = ports.runs().finishTask(w.runId(), w.taskName(), w.guard(), w.attempt(), w.patch());
      if (after.isEmpty()) { // a rerun task waits at its last attempt
        var rerun = atRerunAttempt(w);
        if (rerun != null) after = ports.runs().finishTask(rerun.runId(), rerun.taskName(), rerun.guard(), rerun.attempt(), rerun.patch());
      }
      if (after.isPresent()) latest = after.get();
    }
    if (p.thenComplete()) completeIfDone(latest);
  }

  /**
   * Completes the run when its counters say every task is terminal. The counters are only a hint
   * (a store may count apart from the task write, see {@link dev.ork.core.port.RunStore#finishTask}),
   * so the task items decide.
   */
  void completeIfDone(Run run) {
    if (run == null || !DecideRun.mayBeComplete(run)) return;
    apply(DecideRun.complete(snapshots.get(run.workflowName(), run.snapshotHash()), run, ports.runs().tasks(run.runId()),
        ports.clock().now()));
  }

  /**
   * Binds the claimed attempt's inputs and launches it. Whatever fails here (binding, no executor,
   * the launch refused or throwing) is decided as a launch failure, for a queued and an inline launch alike.
   */
  private void launch(Run run, TaskRun claimed) {
    var wf = snapshots.get(run.workflowName(), run.snapshotHash());
    var ct = wf.requireTask(claimed.taskName());
    String executionId;
    try {
      JsonNode input;
      try {
        var item = ct.isInstance() ? fanout.itemOf(claimed) : null;
        input = InputBinder.bind(ct, referencedOutputs(run.runId(), ct), run.overrides(), item, runFields(run));
      } catch (InputBinder.BindingException e) {
        launchFailed(wf, claimed, ct, e.getMessage(), false);
        return;
      } catch (dev.ork.core.port.PayloadStore.PayloadException e) { // an upstream output stored out of line is gone
        launchFailed(wf, claimed, ct, "an input could not be read: " + e.getMessage(), false);
        return;
      }
      var executor = ports.executors().forKind(ct.executor().kind());
      if (executor.isEmpty()) {
        launchFailed(wf, claimed, ct, "no '" + ct.executor().kind() + "' executor in this runtime (it has: "
            + String.join(", ", ports.executors().kinds()) + ")", false);
        return;
      }
      executionId = executor.get().launch(new TaskLaunch(run.runId(), run.workflowName(), ct, claimed.attempt(), input,
          run.intervalStart(), run.intervalEnd()));
    } catch (LaunchException e) {
      launchFailed(wf, claimed, ct, "launch failed: " + e.getMessage(), e.retryable());
      return;
    } catch (RuntimeException e) { // not a refusal the executor understood: retry, as for a throttled launch
      launchFailed(wf, claimed, ct, "launch failed: " + e, true);
      return;
    }
    var recorded = Decide.launched(claimed, ct, executionId, ports.clock().now(), settings);
    var together = launchWrites.get();
    if (together != null) together.addAll(recorded);
    else apply(recorded);
  }

  private void launchFailed(dev.ork.core.workflow.CompiledWorkflow wf, TaskRun claimed, CompiledTask ct, String error, boolean retryable) {
    apply(Decide.launchFailed(wf, claimed, ct, error, retryable, settings, ports.clock().now()));
  }

  private static Map<String, String> runFields(Run run) {
    var fields = new HashMap<String, String>();
    if (run.intervalStart() != null) fields.put("interval_start", run.intervalStart().toString());
    if (run.intervalEnd() != null) fields.put("interval_end", run.intervalEnd().toString());
    return fields;
  }

  private Map<String, JsonNode> referencedOutputs(String runId, CompiledTask ct) {
    var out = new HashMap<String, JsonNode>();
    for (var b : ct.inputs().values()) {
      if (b instanceof Binding.Ref r && !out.containsKey(r.task())) {
        ports.runs().task(runId, r.task()).map(TaskRun::output).ifPresent(o -> out.put(r.task(), payloads.resolve(o)));
      }
    }
    return out;
  }

  /** Cancels the attempt's jobs still open, and asks their services to stop them. */
  private void cancelOpenJobs(String runId, String taskName, int attempt, String reason) {
    if (!ports.deferrals().supported()) return;
    var now = ports.clock().now();
    for (var job : ports.deferrals().jobs().jobsOf(runId, taskName, attempt)) {
      if (!job.status().isOpen()) continue;
      var cancelled = job.with(DeferredJob.Status.CANCELLED, reason, job.consecutiveErrors(), null, null, now);
      if (ports.deferrals().jobs().updateJob(cancelled, DeferredJob.Status.open())) {
        ports.deferrals().tracker(job.serviceType()).ifPresent(t -> {
          try {
            t.cancel(job.jobData());
          } catch (Exception ignored) {
            // best effort: the job is no longer tracked, and its result would be fenced anyway
          }
        });
      }
    }
  }
}
