package dev.ork.infra.ecs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ork.core.run.StatusUpdate;
import dev.ork.infra.lambda.StatusMessageCodec;
import dev.ork.infra.sqs.MessageDecodeException;
import dev.ork.infra.sqs.TransientException;
import java.util.ArrayList;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;

class EcsTaskStateChangeTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  static final String ARN = "arn:aws:ecs:us-east-1:123456789012:task/etl/abc123";

  /** An EventBridge ECS Task State Change event as Ork's rule delivers it to SQS. */
  static String event(String lastStatus, Integer exitCode, String stopCode, String stoppedReason) {
    return """
        {"version":"0","id":"e-1","detail-type":"ECS Task State Change","source":"aws.ecs","account":"123456789012",
         "time":"2025-01-02T03:04:05Z","region":"us-east-1","resources":["%s"],
         "detail":{"clusterArn":"arn:aws:ecs:us-east-1:123456789012:cluster/etl","taskArn":"%s",
          "taskDefinitionArn":"arn:aws:ecs:us-east-1:123456789012:task-definition/ork-task-transform:3",
          "lastStatus":"%s","desiredStatus":"STOPPED","launchType":"FARGATE","startedBy":"ork-0123456789abcdef0123456789abcdef",
          "group":"family:ork-task-transform",%s%s
          "containers":[{"name":"sidecar","exitCode":0},{"name":"main","lastStatus":"STOPPED"%s}],
          "overrides":{"containerOverrides":[{"name":"main","command":["sh","-c","x"],"environment":[
            {"name":"MODE","value":"prod"},{"name":"ORK_RUN_ID","value":"run-1"},{"name":"ORK_TASK_NAME","value":"transform"},
            {"name":"ORK_ATTEMPT","value":"2"},{"name":"ORK_INPUT_JSON","value":"{}"}]}]}}}
        """.formatted(ARN, ARN, lastStatus, stopCode == null ? "" : "\"stopCode\":\"" + stopCode + "\",",
        stoppedReason == null ? "" : "\"stoppedReason\":\"" + stoppedReason + "\",",
        exitCode == null ? "" : ",\"exitCode\":" + exitCode);
  }

  @Test
  void exitZero_isSucceeded_withTheOutputTheReaderFound() throws Exception {
    var asked = new ArrayList<EcsTaskStateChange.Stopped>();
    var codec = new StatusMessageCodec(t -> {
      asked.add(t);
      return new EcsTaskOutputs.Result(JSON.createObjectNode().put("rows", 7), null);
    });
    var u = codec.decode(event("STOPPED", 0, "EssentialContainerExited", "Essential container in task exited")).message();
    assertThat(u).isEqualTo(new StatusUpdate("run-1", "transform", 2, StatusUpdate.Kind.SUCCEEDED,
        JSON.readTree("{\"rows\":7}"), null, ARN, java.time.Instant.parse("2025-01-02T03:04:05Z")));
    assertThat(asked).singleElement().satisfies(t -> {
      assertThat(t.container()).isEqualTo("main");
      assertThat(t.taskId()).isEqualTo("abc123");
    });
  }

  @Test
  void exitZero_withAnInvalidOutputLine_isFailed() {
    var codec = new StatusMessageCodec(t -> EcsTaskOutputs.parseLine("ORK_OUTPUT:{nope"));
    var u = codec.decode(event("STOPPED", 0, "EssentialContainerExited", null)).message();
    assertThat(u.kind()).isEqualTo(StatusUpdate.Kind.FAILED);
    assertThat(u.error()).startsWith("invalid ORK_OUTPUT JSON");
  }

  @Test
  void nonZeroExit_isFailed_withExitCodeAndReason_andNoLogRead() {
    var codec = new StatusMessageCodec(t -> { throw new AssertionError("no output read for a failure"); });
    var u = codec.decode(event("STOPPED", 3, "EssentialContainerExited", "Essential container in task exited")).message();
    assertThat(u.kind()).isEqualTo(StatusUpdate.Kind.FAILED);
    assertThat(u.attempt()).isEqualTo(2);
    assertThat(u.error()).isEqualTo("exit code 3: Essential container in task exited [" + ARN + "]");
  }

  @Test
  void aTaskThatNeverRan_isFailed_withStopCodeAndReason() {
    var u = new StatusMessageCodec().decode(event("STOPPED", null, "TaskFailedToStart",
        "CannotPullContainerError: pull image manifest has been retried 5 time(s)")).message();
    assertThat(u.kind()).isEqualTo(StatusUpdate.Kind.FAILED);
    assertThat(u.error()).startsWith("ecs task stopped before container main exited (TaskFailedToStart): CannotPullContainerError");
  }

  @Test
  void anEarlierState_isRunning() {
    var u = new StatusMessageCodec().decode(event("RUNNING", null, null, null)).message();
    assertThat(u.kind()).isEqualTo(StatusUpdate.Kind.RUNNING);
    assertThat(u.executionId()).isEqualTo(ARN);
  }

  @Test
  void aTaskWithoutOrkVariables_isUndecodable() {
    var foreign = event("STOPPED", 0, null, null).replace("ORK_RUN_ID", "SOMETHING_ELSE");
    assertThatThrownBy(() -> new StatusMessageCodec().decode(foreign)).isInstanceOf(MessageDecodeException.class)
        .hasMessageContaining("not an Ork task");
  }

  @Test
  void orkEnvelopesAndDestinationRecords_stillDecode() {
    var codec = new StatusMessageCodec();
    var u = StatusUpdate.failed("r", "t", 1, "boom", java.time.Instant.parse("2025-01-01T00:00:00Z"));
    assertThat(codec.decode(codec.encode(u, null)).message()).isEqualTo(u);
  }

  // ---- CloudWatch Logs at the SDK seam

  @Test
  void cloudWatchOutputs_readTheLastOutputLineFromTheTaskStream_backwards_atSdkSeam() throws Exception {
    try (var aws = new AwsJsonStandIn(); var logs = logs(aws)) {
      aws.responder = s -> {
        boolean first = !s.body().contains("nextToken");
        return new AwsJsonStandIn.Reply(200, first
            ? "{\"events\":[{\"timestamp\":1,\"message\":\"working\"}],\"nextBackwardToken\":\"b/1\",\"nextForwardToken\":\"f/1\"}"
            : "{\"events\":[{\"timestamp\":0,\"message\":\"ORK_OUTPUT:{\\\"a\\\":1}\"},{\"timestamp\":0,\"message\":\"ORK_OUTPUT:{\\\"rows\\\":7}\"}],"
                + "\"nextBackwardToken\":\"b/0\",\"nextForwardToken\":\"f/0\"}");
      };
      var stopped = EcsTaskStateChange.parse(JSON.readTree(event("STOPPED", 0, null, null)));
      var result = new CloudWatchLogsTaskOutputs(logs, "/ork/stack/ecs-tasks", "ork").read(stopped);
      assertThat(result.output()).isEqualTo(JSON.readTree("{\"rows\":7}"));
      assertThat(aws.seen).hasSize(2);
      assertThat(aws.seen.get(0).target()).isEqualTo("Logs_20140328.GetLogEvents");
      assertThat(JSON.readTree(aws.seen.get(0).body())).isEqualTo(JSON.readTree(
          "{\"logGroupName\":\"/ork/stack/ecs-tasks\",\"logStreamName\":\"ork/main/abc123\",\"startFromHead\":false}"));
      assertThat(JSON.readTree(aws.seen.get(1).body()).path("nextToken").asText()).isEqualTo("b/1");
    }
  }

  @Test
  void cloudWatchOutputs_areNone_whenNoLineHasThePrefix_atSdkSeam() throws Exception {
    try (var aws = new AwsJsonStandIn(); var logs = logs(aws)) {
      aws.responder = s -> new AwsJsonStandIn.Reply(200,
          "{\"events\":[{\"timestamp\":1,\"message\":\"hello\"}],\"nextBackwardToken\":\"b/1\",\"nextForwardToken\":\"f/1\"}");
      var stopped = EcsTaskStateChange.parse(JSON.readTree(event("STOPPED", 0, null, null)));
      var result = new CloudWatchLogsTaskOutputs(logs, "g", "ork").read(stopped);
      assertThat(result).isEqualTo(EcsTaskOutputs.Result.none());
      assertThat(aws.seen).hasSize(2); // the second page repeats the token: the start of the stream
    }
  }

  @Test
  void cloudWatchOutputs_areTransient_whenTheStreamDoesNotExistYet_atSdkSeam() throws Exception {
    try (var aws = new AwsJsonStandIn(); var logs = logs(aws)) {
      aws.responder = s -> new AwsJsonStandIn.Reply(400,
          "{\"__type\":\"ResourceNotFoundException\",\"message\":\"The specified log stream does not exist.\"}");
      var stopped = EcsTaskStateChange.parse(JSON.readTree(event("STOPPED", 0, null, null)));
      assertThatThrownBy(() -> new CloudWatchLogsTaskOutputs(logs, "g", "ork").read(stopped))
          .isInstanceOf(TransientException.class).hasMessageContaining("ork/main/abc123");
    }
  }

  static CloudWatchLogsClient logs(AwsJsonStandIn aws) {
    return CloudWatchLogsClient.builder().endpointOverride(aws.endpoint()).region(Region.US_EAST_1)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("x", "x")))
        .httpClient(UrlConnectionHttpClient.create()).overrideConfiguration(c -> c.retryStrategy(b -> b.maxAttempts(1)))
        .build();
  }
}
