package dev.ork.core.engine;

import static dev.ork.core.run.TaskStatus.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.ork.core.run.DispatchMessage;
import dev.ork.core.run.Run;
import dev.ork.core.run.RunStatus;
import dev.ork.core.run.TaskPatch;
import dev.ork.core.run.TaskRun;
import dev.ork.core.run.TaskStatus;
import dev.ork.core.run.TaskTransitions;
import dev.ork.core.run.TaskTrigger;
import dev.ork.core.workflow.CompiledTask;
import dev.ork.core.workflow.CompiledWorkflow;
import dev.ork.core.workflow.Foreach;
import dev.ork.core.workflow.Instances;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Foreach tasks. When one becomes ready it is expanded: one task row per list element ({@code t[i]}),
 * each then claimed, retried and timed out like any task. Instances run in {@code max_concurrency}
 * lanes: instance i+N starts when instance i has ended, so at most N run at once and no counter has
 * to be shared to know which may start. The foreach task fails as soon as an instance fails for good;
 * it succeeds, with the instances' outputs in element order, when all of them succeeded.
 */
final class Fanout {
  private final EnginePorts ports;
  private final EngineSettings settings;
  private final Applier applier;

  /** Part of the applying side: it reads and writes through the ports, and applies what {@link Decide} decides. */
  Fanout(EnginePorts ports, EngineSettings settings, Applier applier) {
    this.ports = ports;
    this.settings = settings;
    this.applier = applier;
  }

  private void finish(CompiledWorkflow wf, CompiledTask ct, String runId, java.util.Set<TaskStatus> guard, int attempt, TaskPatch patch) {
    applier.apply(List.of(Decide.finish(wf, ct, runId, guard, attempt, patch)));
  }

  private void release(CompiledWorkflow wf, Run run, List<String> ready) {
    applier.apply(DecideRun.release(run, ready, wf, settings, ports.clock().now()));
  }

  /** A foreach task whose dependencies all succeeded: create its instances and start the first lanes. */
  void expand(CompiledWorkflow wf, CompiledTask ct, Run run) {
    var now = ports.clock().now();
    var list = list(run.runId(), ct);
    if (list.error != null) {
      finish(wf, ct, run.runId(), TaskTransitions.guard(TaskTrigger.EXPAND, FAILED), 0,
          TaskPatch.to(FAILED).attempt(1).error(list.error).finishedAt(now));
      return;
    }
    int n = list.elements.size();
    if (n == 0) {
      finish(wf, ct, run.runId(), TaskTransitions.guard(TaskTrigger.EXPAND, SUCCEEDED), 0, TaskPatch.to(SUCCEEDED).attempt(1)
          .output(JsonNodeFactory.instance.arrayNode()).startedAt(now).finishedAt(now));
      return;
    }
    // the first lanes' instances are created queued (no second write each); the rest wait, pending
    int lanes = ct.foreach().lanes(n);
    var rows = new ArrayList<TaskRun>(n);
    for (int i = 0; i < n; i++) {
      var row = TaskRun.instance(run.runId(), ct.name(), i, ct.maxAttempts(), list.elements.get(i));
      rows.add(i < lanes ? TaskPatch.to(QUEUED).attempt(1).queuedAt(now).applyTo(row) : row);
    }
    var patch = TaskPatch.to(RUNNING).attempt(1).queuedAt(now).startedAt(now);
    if (!ports.runs().expandTask(run.runId(), ct.name(), TaskTransitions.guard(TaskTrigger.EXPAND, RUNNING), patch, rows)) return;
    if (run.status() != RunStatus.RUNNING) return; // paused: resume re-sends the queued ones
    var send = new ArrayList<DispatchMessage>(lanes);
    for (int i = 0; i < lanes; i++) send.add(new DispatchMessage(run.runId(), Instances.name(ct.name(), i), 1));
    ports.dispatchQueue().sendAll(send);
  }

  /**
   * An instance ended ({@code counted}: this caller's finish won, so it counts it once): start the
   * next instance of its lane, and end the foreach task when this decides it.
   */
  void instanceEnded(CompiledWorkflow wf, CompiledTask instance, Run run, TaskStatus status, boolean counted) {
    var parentName = Instances.parentOf(instance.name());
    var parent = wf.requireTask(parentName);
    var row = counted ? ports.runs().countInstanceDone(run.runId(), parentName)
        : ports.runs().task(run.runId(), parentName).orElseThrow();
    int n = row.instances();
    int next = Instances.indexOf(instance.name()) + parent.foreach().lanes(n);
    if (next < n && status != CANCELLED && !run.status().isTerminal()) {
      release(wf, run, List.of(Instances.name(parentName, next)));
    }
    var now = ports.clock().now();
    if (status.isFailure() && status != CANCELLED) {
      finish(wf, parent, run.runId(), TaskTransitions.guard(TaskTrigger.INSTANCES_ENDED, FAILED), row.attempt(), TaskPatch.to(FAILED)
          .error("instance " + instance.name() + " did not succeed (" + status.wireName() + ")").finishedAt(now));
      return;
    }
    if (!counted || row.instancesDone() >= n) completeIfAllEnded(wf, parent, run);
  }

  /** Ends a running foreach task whose instances have all ended: succeeded with their outputs, or failed. */
  void completeIfAllEnded(CompiledWorkflow wf, CompiledTask parent, Run run) {
    var row = ports.runs().task(run.runId(), parent.name()).orElseThrow();
    if (row.status() != RUNNING || row.instances() == 0) return;
    var instances = ports.runs().instances(run.runId(), parent.name());
    if (instances.size() < row.instances() || !instances.stream().allMatch(t -> t.status().isTerminal())) return;
    var now = ports.clock().now();
    var failed = instances.stream().filter(t -> t.status() != SUCCEEDED).findFirst();
    if (failed.isPresent()) {
      finish(wf, parent, run.runId(), TaskTransitions.guard(TaskTrigger.INSTANCES_ENDED, FAILED), row.attempt(), TaskPatch.to(FAILED)
          .error("instance " + failed.get().taskName() + " did not succeed (" + failed.get().status().wireName() + ")")
          .finishedAt(now));
      return;
    }
    var outputs = JsonNodeFactory.instance.arrayNode(instances.size());
    instances.forEach(t -> outputs.add(t.output() == null ? JsonNodeFactory.instance.nullNode() : t.output()));
    var size = OutputCheck.size(outputs);
    if (size > settings.maxPayloadBytes()) {
      finish(wf, parent, run.runId(), TaskTransitions.guard(TaskTrigger.INSTANCES_ENDED, FAILED), row.attempt(), TaskPatch.to(FAILED)
          .error("the instances' outputs together are " + size + " bytes, over the " + settings.maxPayloadBytes()
              + "-byte output limit").finishedAt(now));
      return;
    }
    finish(wf, parent, run.runId(), TaskTransitions.guard(TaskTrigger.INSTANCES_ENDED, SUCCEEDED), row.attempt(),
        TaskPatch.to(SUCCEEDED).output(outputs).finishedAt(now));
      return;
  }

  /**
   * What the sweep repairs for a foreach task: rows a crash left uncreated, lanes whose next
   * instance was not started, an end whose last count was lost.
   */
  void reconcile(CompiledWorkflow wf, CompiledTask parent, TaskRun row, Map<String, TaskRun> byName, Run run) {
    int n = row.instances();
    var present = 0;
    for (int i = 0; i < n; i++) if (byName.containsKey(Instances.name(parent.name(), i))) present++;
    if (present < n) {
      var list = list(run.runId(), parent);
      if (list.error != null || list.elements.size() != n) return;
      var rows = new ArrayList<TaskRun>(n);
      for (int i = 0; i < n; i++) rows.add(TaskRun.instance(run.runId(), parent.name(), i, parent.maxAttempts(), list.elements.get(i)));
      ports.runs().createMissingTasks(run.runId(), rows);
      byName = new java.util.HashMap<>(byName);
      for (var t : ports.runs().instances(run.runId(), parent.name())) byName.put(t.taskName(), t);
    }
    int lanes = parent.foreach().lanes(n);
    var ready = new ArrayList<String>();
    for (int i = 0; i < n; i++) {
      var t = byName.get(Instances.name(parent.name(), i));
      if (t == null || t.status() != PENDING) continue;
      var before = i < lanes ? null : byName.get(Instances.name(parent.name(), i - lanes));
      if (i < lanes || (before != null && before.status().isTerminal() && before.status() != CANCELLED)) ready.add(t.taskName());
    }
    if (!ready.isEmpty()) release(wf, run, ready);
    completeIfAllEnded(wf, parent, run);
  }

  /** The element an instance runs for (stored on its row when the foreach was expanded). */
  JsonNode itemOf(TaskRun claimed) {
    if (claimed.item() != null) return claimed.item();
    return ports.runs().taskMaybeStale(claimed.runId(), claimed.taskName()).map(TaskRun::item)
        .or(() -> ports.runs().task(claimed.runId(), claimed.taskName()).map(TaskRun::item)).orElse(null);
  }

  private record ListOrError(List<JsonNode> elements, String error) {}

  /** The foreach's list, read from the dependency's stored output. */
  private ListOrError list(String runId, CompiledTask ct) {
    var ref = ct.foreach().list();
    var where = "foreach of task '" + ct.name() + "' (" + ref.expression() + ")";
    JsonNode node;
    try {
      node = applier.payloads().resolve(ports.runs().task(runId, ref.task()).map(TaskRun::output).orElse(null));
    } catch (dev.ork.core.port.PayloadStore.PayloadException e) {
      return new ListOrError(null, where + ": " + e.getMessage());
    }
    if (node == null || node.isNull()) return new ListOrError(null, where + ": task '" + ref.task() + "' produced no output");
    for (var field : ref.path()) {
      node = node.get(field);
      if (node == null) return new ListOrError(null, where + ": the output has no field '" + field + "'");
    }
    if (!node.isArray()) return new ListOrError(null, where + ": expected a list, got " + node.getNodeType().name().toLowerCase());
    if (node.size() > Foreach.MAX_INSTANCES) {
      return new ListOrError(null, where + ": the list has " + node.size() + " elements; a foreach takes at most "
          + Foreach.MAX_INSTANCES);
    }
    var elements = new ArrayList<JsonNode>(node.size());
    node.forEach(elements::add);
    return new ListOrError(elements, null);
  }
}
