package dev.ork.functions;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ork.cli.OrkCli;
import dev.ork.core.port.Clock;
import dev.ork.core.port.RunStore;
import dev.ork.examples.cloud.Summarize;
import dev.ork.infra.aws.RequestCounter;
import dev.ork.infra.sqlite.SqliteDatabase;
import dev.ork.infra.sqlite.SqliteRunStore;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * ECS tasks through the serverless wiring (dynoxide, ElasticMQ, the Lambda and ECS stand-ins): RunTask at
 * the SDK seam, completion as an EventBridge task-state event on the status queue, the output read from
 * the task's log stream, fed to a Lambda task. And parity: examples/cloud/cloud.yaml gives the same task
 * outputs from {@code ork run} and from the AWS wiring.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EcsEndToEndTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  static final Path EXAMPLE = SamTemplate.locate().getParent().resolve("examples/cloud/cloud.yaml");

  private AwsEmulators aws;
  private EcsStandIn ecs;
  private ApiHandler api;
  private SqsPump dispatchPump;
  private SqsPump statusPump;

  @BeforeAll
  void start() throws Exception {
    aws = new AwsEmulators();
    ecs = new EcsStandIn(AwsEmulators.sqsClient(), aws.status.url());
    aws.lambda.register("ork-task-summarize", (in, ctx) -> new Summarize().handleRequest(in, ctx));
    var env = new HashMap<>(aws.env());
    env.put(OrkEnvironment.ENDPOINT_ECS, ecs.endpoint().toString());
    env.put(OrkEnvironment.ENDPOINT_LOGS, ecs.endpoint().toString());
    env.put(OrkEnvironment.ECS_LOG_GROUP, "/ork/test/ecs-tasks");
    var counter = new RequestCounter();
    Clock clock = Clock.system();
    api = new ApiHandler(Wiring.create(env, clock, counter));
    dispatchPump = new SqsPump("dispatch", aws.sqs, aws.dispatch.url(), new DispatcherHandler(Wiring.create(env, clock, counter)));
    statusPump = new SqsPump("status", aws.sqs, aws.status.url(), new StatusUpdateHandler(Wiring.create(env, clock, counter)));
    var put = call("PUT", "/workflows/cloud", Files.readString(EXAMPLE));
    assertThat(put.getStatusCode()).as(put.getBody()).isIn(200, 201);
    var failing = call("PUT", "/workflows/crash", """
        name: crash
        tasks:
          bad: {executor: ecs, cluster: ork, task_definition: ork-task-x, container: main, subnets: [s-1],
                command: 'echo about to fail; exit 7'}
          after: {executor: lambda, function: ork-task-summarize, depends_on: [bad]}
        """);
    assertThat(failing.getStatusCode()).as(failing.getBody()).isIn(200, 201);
  }

  @AfterAll
  void stop() throws Exception {
    if (dispatchPump != null) dispatchPump.close();
    if (statusPump != null) statusPump.close();
    if (ecs != null) ecs.close();
    if (aws != null) aws.close();
  }

  @Test
  void ecsTask_isLaunchedByRunTask_reportsThroughItsStateChangeEvent_andItsOutputFeedsALambdaTask() throws Exception {
    var runId = startRun("cloud");
    var run = awaitFinished(runId);

    assertThat(run.path("status").asText()).as(run.toString()).isEqualTo("succeeded");
    var runTasks = ecs.calls("RunTask").stream().filter(c -> c.body().toString().contains(runId)).toList();
    assertThat(runTasks).hasSize(1);
    var req = runTasks.getFirst().body();
    assertThat(req.path("cluster").asText()).isEqualTo("ork");
    assertThat(req.path("taskDefinition").asText()).isEqualTo("ork-task-count");
    assertThat(req.path("launchType").asText()).isEqualTo("FARGATE");
    assertThat(req.path("startedBy").asText()).isEqualTo(dev.ork.infra.ecs.EcsExecutor.token(runId + ":count:1"));
    assertThat(req.path("networkConfiguration").path("awsvpcConfiguration").path("subnets").get(0).asText())
        .isEqualTo("subnet-0123456789abcdef0");
    var env = new TreeMap<String, String>();
    req.path("overrides").path("containerOverrides").get(0).path("environment")
        .forEach(kv -> env.put(kv.path("name").asText(), kv.path("value").asText()));
    assertThat(env).containsEntry("REGION", "eu-west-1").containsEntry("ORK_RUN_ID", runId)
        .containsEntry("ORK_TASK_NAME", "count").containsEntry("ORK_ATTEMPT", "1")
        .containsEntry("ORK_INPUT_JSON", "{\"text\":\"the quick brown fox\"}");
    var tasks = tasksByName(run);
    assertThat(tasks.get("count").path("output")).isEqualTo(JSON.readTree("{\"chars\":30,\"region\":\"eu-west-1\"}"));
    assertThat(tasks.get("summarize").path("output"))
        .isEqualTo(JSON.readTree("{\"summary\":\"30 characters counted in eu-west-1\",\"chars\":30}"));
    assertThat(ecs.calls("GetLogEvents")).isNotEmpty();
  }

  @Test
  void ecsTask_failsWithItsExitCode_andItsDependentIsUpstreamFailed() throws Exception {
    var runId = startRun("crash");
    var run = awaitFinished(runId);
    assertThat(run.path("status").asText()).isEqualTo("failed");
    var tasks = tasksByName(run);
    assertThat(tasks.get("bad").path("status").asText()).isEqualTo("failed");
    assertThat(tasks.get("bad").path("error").asText()).startsWith("exit code 7: Essential container in task exited");
    assertThat(tasks.get("after").path("status").asText()).isEqualTo("upstream_failed");
  }

  @Test
  void parity_theCloudExample_givesTheSameTaskOutputs_fromOrkRunAndFromTheServerlessWiring(@TempDir Path dir)
      throws Exception {
    var db = dir.resolve("ork.db");
    var out = new StringWriter();
    var cli = OrkCli.newCommandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(out, true));
    int exit = cli.execute("run", EXAMPLE.toString(), "--db", db.toString(), "--quiet");
    assertThat(exit).as(out.toString()).isZero();
    var local = new TreeMap<String, JsonNode>();
    try (var sqlite = SqliteDatabase.open(db.toString())) {
      var runs = new SqliteRunStore(sqlite);
      var localRun = runs.listRuns(new RunStore.RunQuery("cloud", null, 1, null)).runs().getFirst();
      runs.tasks(localRun.runId()).forEach(t -> local.put(t.taskName(), t.output()));
    }

    var run = awaitFinished(startRun("cloud"));
    assertThat(run.path("status").asText()).isEqualTo("succeeded");
    var remote = new TreeMap<String, JsonNode>();
    tasksByName(run).forEach((name, t) -> remote.put(name, t.path("output")));

    assertThat(local).containsOnlyKeys("count", "summarize");
    assertThat(remote).isEqualTo(local);
    System.out.println("[parity] cloud.yaml outputs, ork run == serverless wiring: " + local);
  }

  // ---- helpers

  private String startRun(String workflow) throws Exception {
    var r = call("POST", "/workflows/" + workflow + "/runs", "{}");
    assertThat(r.getStatusCode()).as(r.getBody()).isEqualTo(201);
    return JSON.readTree(r.getBody()).path("run").path("runId").asText();
  }

  private APIGatewayV2HTTPResponse call(String method, String path, String body) {
    var event = APIGatewayV2HTTPEvent.builder().withRawPath(path).withBody(body).withHeaders(new HashMap<>())
        .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
            .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder().withMethod(method).withPath(path).build())
            .build())
        .build();
    return api.handleRequest(event, null);
  }

  private JsonNode awaitFinished(String runId) throws Exception {
    var deadline = System.nanoTime() + 30_000_000_000L;
    JsonNode run = null;
    while (System.nanoTime() < deadline) {
      run = JSON.readTree(call("GET", "/runs/" + runId, null).getBody()).path("run");
      var s = run.path("status").asText();
      if (s.equals("succeeded") || s.equals("failed") || s.equals("cancelled")) return run;
      Thread.sleep(50);
    }
    throw new AssertionError("run " + runId + " did not finish: " + run);
  }

  private static Map<String, JsonNode> tasksByName(JsonNode run) {
    var out = new HashMap<String, JsonNode>();
    run.path("tasks").forEach(t -> out.put(t.path("task").asText(), t));
    return out;
  }
}
