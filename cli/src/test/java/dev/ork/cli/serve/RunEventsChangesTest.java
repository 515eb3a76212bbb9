package dev.ork.cli.serve;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

/** What the console's live stream sends of each read of a run (GET /v1/runs/{id}/events). */
class RunEventsChangesTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static ObjectNode read(String runStatus, String... taskStatuses) {
    var body = JSON.createObjectNode();
    var run = body.putObject("run").put("runId", "r1").put("status", runStatus);
    var tasks = run.putArray("tasks");
    for (int i = 0; i < taskStatuses.length; i++) tasks.addObject().put("task", "t" + i).put("status", taskStatuses[i]);
    return body;
  }

  @Test
  void theRunFinishingAReadAfterItsLastTask_isStillSent() {
    var changes = new RunEvents.Changes();
    assertThat(changes.of(read("running", "running", "queued"))).isNotNull();
    var lastTask = changes.of(read("running", "succeeded", "succeeded"));
    assertThat(lastTask.path("run").path("tasks")).hasSize(2);
    var finished = changes.of(read("succeeded", "succeeded", "succeeded"));
    assertThat(finished).as("the run's own status changed, no task did").isNotNull();
    assertThat(finished.path("run").path("status").asText()).isEqualTo("succeeded");
    assertThat(finished.path("run").path("tasks")).isEmpty();
  }

  @Test
  void onlyTheTasksThatChanged_areSent_andNothingWhenNothingChanged() {
    var changes = new RunEvents.Changes();
    assertThat(changes.of(read("running", "running", "queued")).path("run").path("tasks")).hasSize(2);
    assertThat(changes.of(read("running", "running", "queued"))).isNull();
    var next = changes.of(read("running", "succeeded", "queued"));
    assertThat(next.path("run").path("tasks")).hasSize(1);
    assertThat(next.path("run").path("tasks").get(0).path("task").asText()).isEqualTo("t0");
  }

  @Test
  void theFirstRead_isSent_evenWithoutTasks() {
    assertThat(new RunEvents.Changes().of(read("pending"))).isNotNull();
  }
}
