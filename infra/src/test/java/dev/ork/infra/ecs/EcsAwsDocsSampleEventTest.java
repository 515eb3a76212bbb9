package dev.ork.infra.ecs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ork.core.run.StatusUpdate;
import dev.ork.infra.dynamodb.DynamoDbEcsTaskIndex;
import dev.ork.infra.dynamodb.DynamoDbStoreConfig;
import dev.ork.infra.dynamodb.Dynoxide;
import dev.ork.infra.lambda.StatusMessageCodec;
import dev.ork.infra.sqs.MessageDecodeException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ecs.EcsClient;

/**
 * ECS task-state events shaped like the AWS documentation's sample (src/test/resources/ecs: no
 * startedBy, a container override with only the container's name) are matched to their attempt
 * through the launch records in the table (dynoxide), by task ARN or by startedBy.
 */
class EcsAwsDocsSampleEventTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String SAMPLE_ARN = "arn:aws:ecs:us-west-2:111122223333:task/FargateCluster/c13b4cb40f1f4fe4a2971f76ae5a47ad";
  private static DynamoDbEcsTaskIndex index;

  @BeforeAll
  static void table() {
    var client = Dynoxide.client();
    index = new DynamoDbEcsTaskIndex(client, DynamoDbStoreConfig.defaults(Dynoxide.newTable(client)));
  }

  static ObjectNode sample() throws Exception {
    try (var in = EcsAwsDocsSampleEventTest.class.getResourceAsStream("/ecs/task-state-change-aws-docs-sample.json")) {
      return (ObjectNode) JSON.readTree(in);
    }
  }

  /** The sample as its STOPPED event: the documented stop fields set, the container's exit code given. */
  static ObjectNode stopped(ObjectNode sample, int exitCode) {
    var d = (ObjectNode) sample.get("detail");
    d.put("lastStatus", "STOPPED").put("desiredStatus", "STOPPED").put("stopCode", "EssentialContainerExited")
        .put("stoppedReason", "Essential container in task exited").put("stoppedAt", "2020-01-23T17:58:30.103Z");
    ((ObjectNode) d.get("containers").get(0)).put("lastStatus", "STOPPED").put("exitCode", exitCode);
    return sample;
  }

  @Test
  void sampleEvent_withoutOrkOverrides_isMatchedByTheTaskArnRecordedAtLaunch() throws Exception {
    index.recordTaskArn(SAMPLE_ARN, new EcsTaskIndex.Entry("run-a", "transform", 3, "FargateApp"));
    var codec = new StatusMessageCodec(t -> { throw new AssertionError("no output read for a running task"); }, index);
    var running = codec.decode(sample().toString()).message();
    assertThat(running.kind()).isEqualTo(StatusUpdate.Kind.RUNNING);
    assertThat(running.runId()).isEqualTo("run-a");
    assertThat(running.taskName()).isEqualTo("transform");
    assertThat(running.attempt()).isEqualTo(3);

    var failed = codec.decode(stopped(sample(), 2).toString()).message();
    assertThat(failed.kind()).isEqualTo(StatusUpdate.Kind.FAILED);
    assertThat(failed.error()).startsWith("exit code 2: Essential container in task exited").contains(SAMPLE_ARN);
  }

  @Test
  void sampleEvent_withAStartedByToken_isMatchedByTheTokenRecordedBeforeRunTask() throws Exception {
    var event = stopped(sample(), 0);
    var arn = SAMPLE_ARN.replace("c13b4cb4", "00000000");
    ((ObjectNode) event.get("detail")).put("taskArn", arn).put("startedBy", "ork-0123456789abcdef0123456789abcdef");
    index.recordStartedBy("ork-0123456789abcdef0123456789abcdef", new EcsTaskIndex.Entry("run-b", "load", 1, null));
    var seen = new ConcurrentHashMap<String, String>();
    var codec = new StatusMessageCodec(t -> {
      seen.put("container", t.container());
      return EcsTaskOutputs.parseLine("ORK_OUTPUT:{\"rows\":7}");
    }, index);
    var done = codec.decode(event.toString()).message();
    assertThat(done.kind()).isEqualTo(StatusUpdate.Kind.SUCCEEDED);
    assertThat(done.runId()).isEqualTo("run-b");
    assertThat(done.output().toString()).isEqualTo("{\"rows\":7}");
    assertThat(seen).as("the only container is the task's container").containsEntry("container", "FargateApp");
  }

  @Test
  void sampleEvent_ofATaskOrkNeverLaunched_isRefusedAsNotAnOrkTask() throws Exception {
    var event = sample();
    ((ObjectNode) event.get("detail")).put("taskArn", SAMPLE_ARN.replace("c13b4cb4", "ffffffff"));
    assertThatThrownBy(() -> new StatusMessageCodec(EcsTaskOutputs.none(), index).decode(event.toString()))
        .isInstanceOf(MessageDecodeException.class).hasMessageContaining("is not an Ork task")
        .hasMessageContaining("recorded at launch");
  }

  @Test
  void launch_recordsTheStartedByTokenAndTheTaskArn_atSdkSeam() throws Exception {
    var recorded = new ConcurrentHashMap<String, EcsTaskIndex.Entry>();
    var recording = new EcsTaskIndex() {
      @Override public void recordStartedBy(String startedBy, Entry entry) { recorded.put("startedBy:" + startedBy, entry); }
      @Override public void recordTaskArn(String taskArn, Entry entry) { recorded.put("arn:" + taskArn, entry); }
      @Override public java.util.Optional<Entry> find(String taskArn, String startedBy) { return java.util.Optional.empty(); }
    };
    try (var aws = new AwsJsonStandIn()) {
      aws.responder = s -> new AwsJsonStandIn.Reply(200, "{\"tasks\":[{\"taskArn\":\"" + SAMPLE_ARN + "\"}],\"failures\":[]}");
      var client = EcsClient.builder().endpointOverride(aws.endpoint()).region(Region.US_EAST_1)
          .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("x", "x")))
          .httpClient(UrlConnectionHttpClient.create()).build();
      var arn = new EcsExecutor(client, recording).launch(EcsExecutorTest.launch(EcsExecutorTest.spec("true", Map.of()), 2, "{}"));
      assertThat(arn).isEqualTo(SAMPLE_ARN);
      var entry = new EcsTaskIndex.Entry("run-1", "transform", 2, "main");
      assertThat(recorded).isEqualTo(Map.of("startedBy:" + EcsExecutor.token("run-1:transform:2"), entry, "arn:" + SAMPLE_ARN, entry));
      JsonNode body = JSON.readTree(aws.seen.getFirst().body());
      assertThat(body.path("startedBy").asText()).isEqualTo(EcsExecutor.token("run-1:transform:2"));
    }
  }
}
