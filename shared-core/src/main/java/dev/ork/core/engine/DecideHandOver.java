package dev.ork.core.engine;

import static dev.ork.core.run.TaskStatus.DEFERRED;
import static dev.ork.core.run.TaskStatus.DISPATCHED;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ork.core.engine.Decision.CancelJobsUnlessDeferred;
import dev.ork.core.engine.Decision.CreateJobs;
import dev.ork.core.engine.Decision.WriteTask;
import dev.ork.core.port.Deferrals;
import dev.ork.core.run.DeferredJob;
import dev.ork.core.run.TaskPatch;
import dev.ork.core.run.TaskRun;
import dev.ork.core.run.TaskTransitions;
import dev.ork.core.run.TaskTrigger;
import dev.ork.core.workflow.CompiledTask;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A task whose output carries a {@code deferred} array hands those external jobs to the triggerer:
 * the jobs are stored, the attempt waits in DEFERRED (no compute), and it succeeds when all of them
 * complete, fails when one fails. The rest of the output is stored at once and becomes the task's
 * output. Jobs of an attempt that ends any other way are cancelled. Pure: {@code deferrals} is read
 * for its configuration (which trackers exist) only.
 */
final class DecideHandOver {
  static final String FIELD = "deferred";

  private DecideHandOver() {}

  static boolean handsOver(JsonNode output) {
    return output != null && output.isObject() && output.has(FIELD);
  }

  static List<Decision> handOver(dev.ork.core.workflow.CompiledWorkflow wf, CompiledTask ct, TaskRun task, JsonNode output, EngineSettings s,
      Deferrals deferrals, Instant now) {
    var rest = ((ObjectNode) output.deepCopy());
    rest.remove(FIELD);
    JsonNode stored = rest.isEmpty() && ct.outputType() == null ? null : rest;
    var problem = validate(output.get(FIELD), deferrals).or(() -> OutputCheck.refuse(ct, stored, s.maxPayloadBytes()));
    if (problem.isPresent()) {
      return Decide.attemptFailed(wf, ct, task, TaskTrigger.ATTEMPT_FAILED, problem.get(), true, false, s, now);
    }
    var jobs = new ArrayList<DeferredJob>();
    var array = output.get(FIELD);
    for (int i = 0; i < array.size(); i++) {
      var e = array.get(i);
      jobs.add(new DeferredJob(task.runId(), ct.name(), task.attempt(), i, e.get("service_type").asText(),
          e.get("job_id").asText(), e, DeferredJob.Status.PENDING, null, 0, now, null, null));
    }
    var patch = TaskPatch.to(DEFERRED);
    if (stored != null) patch = patch.output(stored);
    if (task.status() == DISPATCHED) { // never recorded as running: set its real deadline
      patch = patch.deadline(ct.timeout() == null ? null : now.plus(ct.timeout()));
    }
    return List.of(new CreateJobs(jobs),
        new WriteTask(task.runId(), ct.name(), TaskTransitions.guard(TaskTrigger.HAND_OVER, DEFERRED), task.attempt(), patch,
            List.of(), List.of(new CancelJobsUnlessDeferred(task.runId(), ct.name(), task.attempt(),
                "the attempt ended before its jobs were handed over"))));
  }

  private static Optional<String> validate(JsonNode array, Deferrals deferrals) {
    if (!deferrals.supported()) {
      return Optional.of("the output hands over deferred jobs, but this runtime has no triggerer for them");
    }
    if (array == null || !array.isArray() || array.isEmpty()) {
      return Optional.of("output field 'deferred' must be a non-empty array of jobs");
    }
    List<String> problems = new ArrayList<>();
    for (int i = 0; i < array.size(); i++) {
      var e = array.get(i);
      var where = "deferred[" + i + "]";
      if (!e.isObject() || !e.path("service_type").isTextual() || e.path("job_id").asText("").isBlank()) {
        problems.add(where + ": needs a string service_type and a non-empty job_id");
        continue;
      }
      var type = e.get("service_type").asText();
      var tracker = deferrals.tracker(type);
      if (tracker.isEmpty()) {
        problems.add(where + ": no tracker for service_type '" + type + "' (known: "
            + String.join(", ", deferrals.trackers().keySet().stream().sorted().toList()) + ")");
        continue;
      }
      for (var field : tracker.get().requiredFields()) {
        if (e.path(field).isMissingNode() || e.path(field).isNull()) problems.add(where + ": " + type + " needs '" + field + "'");
      }
    }
    return problems.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", problems));
  }
}
