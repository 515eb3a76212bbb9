package dev.ork.functions;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ork.cli.OrkCli;
import dev.ork.cli.remote.RequestSigner;
import dev.ork.core.port.Clock;
import dev.ork.infra.aws.RequestCounter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
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
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;

/**
 * {@code ork remote …} run in-process against the real {@link ApiHandler} (on dynoxide + ElasticMQ)
 * behind {@link ApiGatewayStandIn}, which checks every request's SigV4 signature as API Gateway's IAM
 * auth does. The CLI finds its credentials and region the way it does on a laptop: through the SDK's
 * default chains (here the {@code aws.*} system properties).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CliThroughApiGatewayStandInTest {
  private static final String KEY_ID = "AKIDORKCLITEST";
  private static final String SECRET = "ork-cli-test-secret";
  private static final String REGION = "eu-west-1";
  private static final Path CLOUD_EXAMPLE = EcsEndToEndTest.EXAMPLE;
  private static final Pattern RUN_ID = Pattern.compile("run (\\S+) ");

  private AwsEmulators aws;
  private ApiGatewayStandIn gateway;
  private final RequestCounter counter = new RequestCounter();
  private final Clock clock = Instant::now;
  private final List<AutoCloseable> pumps = new ArrayList<>();
  @TempDir Path dir;
  private String runId;

  record Ork(int exit, String out, String err) {}

  @BeforeAll
  void start() throws Exception {
    aws = new AwsEmulators();
    gateway = new ApiGatewayStandIn(new ApiHandler(aws.wiring(clock, counter)), REGION, Map.of(KEY_ID, SECRET));
    useCredentials(KEY_ID, SECRET);
  }

  @AfterAll
  void stop() throws Exception {
    for (var p : pumps) p.close();
    if (gateway != null) gateway.close();
    if (aws != null) aws.close();
    for (var p : List.of("aws.accessKeyId", "aws.secretAccessKey", "aws.region")) System.clearProperty(p);
  }

  private static void useCredentials(String keyId, String secret) {
    System.setProperty("aws.accessKeyId", keyId);
    System.setProperty("aws.secretAccessKey", secret);
    System.setProperty("aws.region", REGION);
  }

  private Ork ork(String... args) {
    var all = new ArrayList<>(List.of(args));
    all.add(1, "--api=" + gateway.url());
    all.addFirst("remote");
    var r = OrkCli.executeCaptured(all.toArray(String[]::new));
    return new Ork(r.exit(), r.out(), r.err());
  }

  private Path file(String name, String yaml) throws Exception {
    return Files.writeString(dir.resolve(name), yaml);
  }

  @Test
  @Order(1)
  void register_theCloudExample_thenAgain_isTheSameSnapshot() {
    var first = ork("register", CLOUD_EXAMPLE.toString());
    assertThat(first.exit()).as(first.err()).isZero();
    assertThat(first.out()).contains("workflow 'cloud' registered, snapshot ").contains("(new workflow)");
    var again = ork("register", CLOUD_EXAMPLE.toString());
    assertThat(again.exit()).as(again.err()).isZero();
    assertThat(again.out()).doesNotContain("(new workflow)")
        .contains(first.out().replaceAll("(?s).*snapshot (\\S+).*", "$1").trim());
    assertThat(gateway.forwarded.get()).isEqualTo(2);
  }

  @Test
  @Order(2)
  void register_anInvalidFile_printsFileLineCol_fromTheLocalCheckAndFromTheApiAlike() throws Exception {
    var bad = file("broken.yaml", """
        name: broken
        tasks:
          a:
            executor: lambda
            depends_on: [nope]
        """);
    int before = gateway.forwarded.get();
    var local = ork("register", bad.toString());
    assertThat(local.exit()).isEqualTo(OrkCli.EXIT_INVALID);
    assertThat(local.err()).contains(bad + ":5:").contains("error[").contains("(nothing sent)");
    assertThat(gateway.forwarded.get()).isEqualTo(before);

    var remote = ork("register", bad.toString(), "--skip-local-check");
    assertThat(remote.exit()).isEqualTo(OrkCli.EXIT_INVALID);
    assertThat(remote.err()).contains("(rejected by the API)");
    assertThat(gateway.forwarded.get()).isEqualTo(before + 1);
    assertThat(diagnostics(remote.err())).isEqualTo(diagnostics(local.err())).isNotEmpty();
  }

  private static List<String> diagnostics(String err) {
    return err.lines().filter(l -> !l.startsWith("✗") && !l.startsWith("note:")).toList();
  }

  @Test
  @Order(3)
  void register_underAnotherName_isRefusedByTheApi() {
    var r = ork("register", CLOUD_EXAMPLE.toString(), "--name", "other");
    assertThat(r.exit()).isEqualTo(OrkCli.EXIT_INVALID);
    assertThat(r.err()).startsWith("error[invalid_workflow]: the YAML names the workflow 'cloud' but the path names 'other'");
  }

  @Test
  @Order(4)
  void workflows_listsTheRegisteredOnes() {
    var r = ork("workflows");
    assertThat(r.exit()).isZero();
    assertThat(r.out()).startsWith("WORKFLOW").contains("cloud");
  }

  @Test
  @Order(5)
  void start_withAKey_twice_givesTheSameRun() {
    var first = ork("start", "cloud", "--key", "2026-11-26", "--input", "count.text=hello there");
    assertThat(first.exit()).as(first.err()).isZero();
    assertThat(first.out()).contains("started (cloud)");
    runId = runIdIn(first.out());
    var second = ork("start", "cloud", "--key", "2026-11-26");
    assertThat(second.exit()).as(second.err()).isZero();
    assertThat(runIdIn(second.out())).isEqualTo(runId);
    assertThat(second.out()).contains("already started with key '2026-11-26'");
  }

  private static String runIdIn(String out) {
    var m = RUN_ID.matcher(out);
    assertThat(m.find()).as(out).isTrue();
    return m.group(1);
  }

  @Test
  @Order(6)
  void status_showsTheRunAndItsTasks_exit3WhileItGoes() {
    var r = ork("status", runId);
    assertThat(r.exit()).as(r.out() + r.err()).isEqualTo(3);
    assertThat(r.out()).startsWith("run " + runId + " running").contains(" count ").contains(" summarize ").contains("(cloud)");
    assertThat(r.out()).as("the run's cost so far, on AWS").containsPattern("cost ≈ \\$0\\.\\d{6} at us-east-1 \\d{4}-\\d{2} arm64 list prices")
        .containsPattern("  DynamoDB [0-9.]+ WRU, [0-9.]+ RRU  \\(\\$").contains(" requests  ($").contains(" invocations, ");
  }

  @Test
  @Order(7)
  void pause_resume_cancel_andWhatTheRunsStateForbids() {
    assertThat(ork("pause", runId).out()).isEqualTo("run " + runId + " paused\n");
    assertThat(ork("resume", runId).out()).isEqualTo("run " + runId + " running\n");
    var cancel = ork("cancel", runId, "--reason", "changed my mind");
    assertThat(cancel.exit()).isZero();
    assertThat(cancel.out()).isEqualTo("run " + runId + " cancelled\n");
    var resume = ork("resume", runId);
    assertThat(resume.exit()).isEqualTo(OrkCli.EXIT_FAILED);
    assertThat(resume.err()).startsWith("error[conflict]: ");
    var status = ork("status", runId);
    assertThat(status.exit()).isEqualTo(OrkCli.EXIT_FAILED);
    assertThat(status.out()).contains("changed my mind");
  }

  @Test
  @Order(8)
  void runs_listsThem_filtersByStatus_andRejectsABadLimit() {
    var all = ork("runs", "cloud");
    assertThat(all.exit()).isZero();
    assertThat(all.out()).startsWith("RUN").contains(runId).contains("cancelled").contains(" api ");
    assertThat(ork("runs", "cloud", "--status", "succeeded").out()).isEqualTo("no runs\n");
    assertThat(ork("runs", "cloud", "--status", "cancelled", "--limit", "1").out()).contains(runId);
    var bad = ork("runs", "cloud", "--limit", "0");
    assertThat(bad.exit()).isEqualTo(OrkCli.EXIT_INVALID);
    assertThat(bad.err()).startsWith("error[invalid_input]: limit must be an integer between 1 and 100");
  }

  @Test
  @Order(9)
  void unknownRunOrWorkflow_isNotFound_exit2() {
    var run = ork("status", "no-such-run");
    assertThat(run.exit()).isEqualTo(OrkCli.EXIT_INVALID);
    assertThat(run.err()).startsWith("error[not_found]: run no-such-run does not exist");
    assertThat(ork("start", "nope").err()).startsWith("error[not_found]: workflow 'nope' is not registered");
  }

  @Test
  @Order(10)
  void schedule_onAndOff() throws Exception {
    var nightly = file("nightly.yaml", """
        name: nightly
        schedule: rate(1 minute)
        tasks:
          ping: {executor: lambda, function: noop}
        """);
    var reg = ork("register", nightly.toString());
    assertThat(reg.out()).contains("ork remote schedule nightly --enable");
    var on = ork("schedule", "nightly", "--enable");
    assertThat(on.exit()).as(on.err()).isZero();
    assertThat(on.out()).startsWith("schedule of 'nightly' on: rate(1 minute), next run at ");
    assertThat(ork("workflows").out()).containsPattern("nightly\\s+\\S+\\s+rate\\(1 minute\\)\\s+\\d{4}-");
    assertThat(ork("schedule", "nightly", "--disable").out()).isEqualTo("schedule of 'nightly' off\n");
    assertThat(ork("workflows").out()).contains("rate(1 minute) (off)");
    var none = ork("schedule", "cloud", "--enable");
    assertThat(none.exit()).isEqualTo(OrkCli.EXIT_INVALID);
    assertThat(none.err()).startsWith("error[invalid_input]: workflow 'cloud' has no schedule");
    assertThat(ork("schedule", "nightly").exit()).isEqualTo(OrkCli.EXIT_USAGE);
  }

  @Test
  @Order(11)
  void wrongCredentials_get403_asOneLineWithAHint() {
    int before = gateway.forwarded.get();
    try {
      useCredentials(KEY_ID, "not-the-secret");
      var wrongSecret = ork("workflows");
      assertThat(wrongSecret.exit()).isEqualTo(OrkCli.EXIT_INVALID);
      assertThat(wrongSecret.err()).startsWith("error[forbidden]: " + SigV4Verifier.SIGNATURE_MISMATCH + "\nhint: check your AWS credentials");
      useCredentials("AKIDSOMEONEELSE", SECRET);
      assertThat(ork("workflows").err()).startsWith("error[forbidden]: " + SigV4Verifier.UNKNOWN_KEY);
    } finally {
      useCredentials(KEY_ID, SECRET);
    }
    assertThat(gateway.forwarded.get()).isEqualTo(before);
    assertThat(ork("workflows").exit()).isZero();
  }

  @Test
  @Order(12)
  void theStandIn_rejectsUnsignedAndTamperedRequests() throws Exception {
    var http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    var url = gateway.url() + "/workflows/cloud/runs";
    var unsigned = http.send(HttpRequest.newBuilder(URI.create(url)).POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(unsigned.statusCode()).isEqualTo(403);
    assertThat(unsigned.body()).isEqualTo("{\"message\":\"Forbidden\"}");

    var signer = new RequestSigner(StaticCredentialsProvider.create(AwsBasicCredentials.create(KEY_ID, SECRET)), REGION,
        java.time.Clock.systemUTC());
    var signed = signer.sign(SdkHttpRequest.builder().method(SdkHttpMethod.POST).uri(URI.create(url)).build(),
        "{}".getBytes(StandardCharsets.UTF_8));
    var tampered = HttpRequest.newBuilder(URI.create(url)).POST(HttpRequest.BodyPublishers.ofString("{\"idempotencyKey\":\"x\"}"));
    signed.headers().forEach((k, v) -> {
      if (!k.equalsIgnoreCase("host")) v.forEach(value -> tampered.header(k, value));
    });
    var response = http.send(tampered.build(), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(403);
    assertThat(response.body()).contains("does not match the signature you provided");
  }

  @Test
  @Order(13)
  void start_wait_followsTheRun_toItsEnd_exit0OnSuccess_exit1OnFailure() throws Exception {
    aws.lambda.register("greet", (in, ctx) -> Map.of("greeting", "hello " + ((Map<?, ?>) in.get("inputs")).get("who")));
    aws.lambda.register("shout", (in, ctx) -> Map.of("text", String.valueOf(((Map<?, ?>) in.get("inputs")).get("text")).toUpperCase()));
    aws.lambda.register("boom", (in, ctx) -> { throw new IllegalStateException("bad row 7"); });
    pumps.add(new SqsPump("dispatch", aws.sqs, aws.dispatch.url(), new DispatcherHandler(aws.wiring(clock, counter))));
    pumps.add(new SqsPump("status", aws.sqs, aws.status.url(), new StatusUpdateHandler(aws.wiring(clock, counter))));
    var hello = file("hello.yaml", """
        name: hello
        tasks:
          greet:
            executor: lambda
            function: greet
            input_type: {who: str}
            output_type: {greeting: str}
            inputs: {who: {const: world}}
          shout:
            executor: lambda
            function: shout
            depends_on: [greet]
            input_type: {text: str}
            output_type: {text: str}
            inputs: {text: {ref: tasks.greet.output.greeting}}
          fail:
            executor: lambda
            function: boom
            depends_on: [greet]
            output_type: {ok: bool}
        """);
    assertThat(ork("register", hello.toString()).exit()).isZero();
    var r = ork("start", "hello", "--wait", "--poll-ms", "100", "--input", "greet.who=ork");
    assertThat(r.exit()).as(r.out() + r.err()).isEqualTo(OrkCli.EXIT_FAILED);
    assertThat(r.out()).contains("✓ greet").containsPattern("✗ fail\\s+failed").contains("✓ shout")
        .contains("output: {\"text\":\"HELLO ORK\"}").contains("bad row 7")
        .containsPattern("run \\S+ failed in \\S+ \\(hello\\)")
        .containsPattern("failed in \\S+ \\(hello\\)\n  ✓ greet .*\n(      .*\n)*  ✓ shout .*\n(      .*\n)*  ✗ fail "); // the YAML's order


    var ok = file("ok.yaml", Files.readString(hello).replace("name: hello", "name: ok")
        .replaceAll("(?s)  fail:.*", ""));
    assertThat(ork("register", ok.toString()).exit()).isZero();
    var done = ork("start", "ok", "--wait", "--poll-ms", "100");
    assertThat(done.exit()).as(done.out() + done.err()).isZero();
    assertThat(done.out()).containsPattern("run \\S+ succeeded in \\S+ \\(ok\\)").contains("HELLO WORLD");
  }
}
