package dev.ork.core.port;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ork.core.run.Run;
import dev.ork.core.run.RunStatus;
import dev.ork.core.run.TaskRun;
import dev.ork.core.workflow.CompiledTask;
import dev.ork.core.workflow.CompiledWorkflow;
import dev.ork.core.workflow.ExecutorSpec;
import dev.ork.core.workflow.WorkflowJson;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/** Builders shared by the store contract suites. */
public final class ContractFixtures {
  private ContractFixtures() {}

  /** A fixed instant with microsecond precision, like {@code Instant.now()} on Linux. */
  public static final Instant T0 = Instant.parse("2026-01-02T03:04:05.123456Z");

  public static Instant at(long seconds) {
    return T0.plusSeconds(seconds);
  }

  public static Run run(String runId, String workflow, String key, Instant createdAt, int taskCount) {
    return new Run(runId, workflow, "hash-" + workflow, RunStatus.PENDING, "manual", key, null,
        taskCount, 0, 0, null, createdAt, null, null);
  }

  public static Run run(String runId, String workflow, Instant createdAt) {
    return run(runId, workflow, null, createdAt, 0);
  }

  public static List<TaskRun> tasks(String runId, int count) {
    return IntStream.range(0, count).mapToObj(i -> TaskRun.pending(runId, "t" + i, 3)).toList();
  }

  public static JsonNode json(String text) {
    try {
      return WorkflowJson.MAPPER.readTree(text);
    } catch (Exception e) {
      throw new IllegalArgumentException(e);
    }
  }

  public static CompiledWorkflow workflow(String name, String schedule, String hash, int taskCount) {
    var tasks = new ArrayList<CompiledTask>();
    var order = new ArrayList<String>();
    for (int i = 0; i < taskCount; i++) {
      var deps = i == 0 ? List.<String>of() : List.of("step" + (i - 1));
      tasks.add(new CompiledTask("step" + i, i, new ExecutorSpec.Process("echo " + i, null), deps,
          Map.of(), null, null, i % 2 == 0 ? Duration.ofMinutes(5) : null, i));
      order.add("step" + i);
    }
    return new CompiledWorkflow(name, "workflow " + name, schedule, tasks, order, hash);
  }
}
