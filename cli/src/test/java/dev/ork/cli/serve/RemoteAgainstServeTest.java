package dev.ork.cli.serve;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ork.cli.OrkCli;
import dev.ork.core.port.Clock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The `ork remote` verbs against `ork serve` (no AWS signature on loopback), with the answers
 * functions' CliThroughApiGatewayStandInTest expects from the deployed API's stand-in: one API, two servers.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RemoteAgainstServeTest {
  private static final Pattern RUN_ID = Pattern.compile("run (\\S+) ");
  @TempDir static Path dir;
  private ServeFixture serve;
  private Path slow;
  private String runId;

  @BeforeAll
  void start() throws Exception {
    slow = Files.writeString(dir.resolve("slow.yaml"), """
        name: slow
        tasks:
          wait: {executor: process, command: "sleep 30"}
          after: {executor: process, command: "true", depends_on: [wait]}
        """);
    serve = new ServeFixture(dir.resolve("ork.db"), List.of(), null, Clock.system());
  }

  @AfterAll
  void stop() {
    if (serve != null) serve.close();
  }

  private OrkCli.Captured ork(String... args) {
    var all = new ArrayList<>(List.of(args));
    all.add(1, "--api=" + serve.api());
    all.addFirst("remote");
    return OrkCli.executeCaptured(all.toArray(String[]::new));
  }

  @Test
  @Order(1)
  void register_thenAgain_isTheSameSnapshot() {
    var first = ork("register", slow.toString());
    assertThat(first.exit()).as(first.err()).isZero();
    assertThat(first.out()).contains("workflow 'slow' registered, snapshot ").contains("(new workflow)");
    var again = ork("register", slow.toString());
    assertThat(again.out()).doesNotContain("(new workflow)");
    assertThat(ork("workflows").out()).startsWith("WORKFLOW").contains("slow");
  }

  @Test
  @Order(2)
  void register_underAnotherName_isRefusedByTheApi() {
    var r = ork("register", slow.toString(), "--name", "other");
    assertThat(r.exit()).isEqualTo(OrkCli.EXIT_INVALID);
    assertThat(r.err()).startsWith("error[invalid_workflow]: the YAML names the workflow 'slow' but the path names 'other'");
  }

  @Test
  @Order(3)
  void start_withAKey_twice_givesTheSameRun_andStatusExits3WhileItGoes() {
    var first = ork("start", "slow", "--key", "2026-11-26");
    assertThat(first.exit()).as(first.err()).isZero();
    assertThat(first.out()).contains("started (slow)");
    var m = RUN_ID.matcher(first.out());
    assertThat(m.find()).isTrue();
    runId = m.group(1);
    var second = ork("start", "slow", "--key", "2026-11-26");
    assertThat(second.out()).contains(runId).contains("already started with key '2026-11-26'");
    var status = ork("status", runId);
    assertThat(status.exit()).as(status.out() + status.err()).isEqualTo(3);
    assertThat(status.out()).startsWith("run " + runId + " running").contains(" wait ").contains("(slow)");
  }

  @Test
  @Order(4)
  void pause_resume_cancel_andWhatTheRunsStateForbids() {
    assertThat(ork("pause", runId).out()).isEqualTo("run " + runId + " paused\n");
    assertThat(ork("resume", runId).out()).isEqualTo("run " + runId + " running\n");
    assertThat(ork("cancel", runId, "--reason", "changed my mind").out()).isEqualTo("run " + runId + " cancelled\n");
    var resume = ork("resume", runId);
    assertThat(resume.exit()).isEqualTo(OrkCli.EXIT_FAILED);
    assertThat(resume.err()).startsWith("error[conflict]: ");
    assertThat(ork("status", runId).out()).contains("changed my mind");
  }

  @Test
  @Order(5)
  void runs_listsThem_filtersByStatus_andRejectsABadLimit() {
    var all = ork("runs", "slow");
    assertThat(all.out()).startsWith("RUN").contains(runId).contains("cancelled").contains(" api ");
    assertThat(ork("runs", "slow", "--status", "succeeded").out()).isEqualTo("no runs\n");
    var bad = ork("runs", "slow", "--limit", "0");
    assertThat(bad.exit()).isEqualTo(OrkCli.EXIT_INVALID);
    assertThat(bad.err()).startsWith("error[invalid_input]: limit must be an integer between 1 and 100");
  }

  @Test
  @Order(6)
  void unknownRunOrWorkflow_isNotFound_exit2() {
    var run = ork("status", "no-such-run");
    assertThat(run.exit()).isEqualTo(OrkCli.EXIT_INVALID);
    assertThat(run.err()).startsWith("error[not_found]: run no-such-run does not exist");
    assertThat(ork("start", "nope").err()).startsWith("error[not_found]: workflow 'nope' is not registered");
  }

  @Test
  @Order(7)
  void schedule_onAndOff() throws Exception {
    var nightly = Files.writeString(dir.resolve("nightly.yaml"), """
        name: nightly
        schedule: rate(1 minute)
        tasks:
          ping: {executor: process, command: "true"}
        """);
    assertThat(ork("register", nightly.toString()).out()).contains("ork remote schedule nightly --enable");
    assertThat(ork("schedule", "nightly", "--enable").out()).startsWith("schedule of 'nightly' on: rate(1 minute), next run at ");
    assertThat(ork("schedule", "nightly", "--disable").out()).isEqualTo("schedule of 'nightly' off\n");
    assertThat(ork("workflows").out()).contains("rate(1 minute) (off)");
    assertThat(ork("schedule", "slow", "--enable").err()).startsWith("error[invalid_input]: workflow 'slow' has no schedule");
  }

  @Test
  @Order(8)
  void theConsoleRoutes_listAcrossWorkflows_readALog_deleteAWorkflow() throws Exception {
    var runs = serve.send("GET", "/v1/runs?status=cancelled", Map.of(), null);
    assertThat(runs.status()).isEqualTo(200);
    assertThat(runs.body()).contains(runId).doesNotContain("\"status\":\"running\"");
    var log = serve.send("GET", "/v1/runs/" + runId + "/tasks/wait/log", Map.of(), null);
    assertThat(log.status()).as(log.body()).isEqualTo(200);
    assertThat(log.body()).contains("\"task\":\"wait\"").contains("\"log\":");
    assertThat(serve.send("GET", "/v1/runs/" + runId + "/tasks/nope/log", Map.of(), null).status()).isEqualTo(404);
    assertThat(serve.send("GET", "/v1/runs/" + runId + "/tasks/wait/log?attempt=0", Map.of(), null).body())
        .contains("\"code\":\"invalid_input\"");
    assertThat(serve.send("DELETE", "/v1/workflows/nightly", Map.of(), null).body()).isEqualTo("{\"deleted\":\"nightly\"}");
    assertThat(serve.send("DELETE", "/v1/workflows/nightly", Map.of(), null).status()).isEqualTo(404);
    assertThat(ork("workflows").out()).doesNotContain("nightly");
  }

  @Test
  @Order(9)
  void aRunsLiveEvents_streamItsTasks_untilItEnds() throws Exception {
    var events = serve.send("GET", "/v1/runs/" + runId + "/events", Map.of(), null);
    assertThat(events.status()).isEqualTo(200);
    assertThat(events.body()).contains("event: run\ndata: {\"run\":{\"runId\":\"" + runId + "\"")
        .contains("\"task\":\"wait\"").contains("\"status\":\"cancelled\"");
  }
}
