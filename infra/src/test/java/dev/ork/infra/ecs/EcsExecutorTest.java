package dev.ork.infra.ecs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ork.core.port.TaskExecutor.LaunchException;
import dev.ork.core.port.TaskLaunch;
import dev.ork.core.workflow.CompiledTask;
import dev.ork.core.workflow.ExecutorSpec;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ecs.EcsClient;

class EcsExecutorTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  static final String TASK_ARN = "arn:aws:ecs:us-east-1:123456789012:task/etl/0123456789abcdef0123456789abcdef";

  private AwsJsonStandIn aws;
  private EcsClient client;

  @BeforeEach
  void start() throws Exception {
    aws = new AwsJsonStandIn();
    aws.responder = s -> new AwsJsonStandIn.Reply(200, "{\"tasks\":[{\"taskArn\":\"" + TASK_ARN + "\"}],\"failures\":[]}");
    client = EcsClient.builder().endpointOverride(aws.endpoint()).region(Region.US_EAST_1)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("x", "x")))
        .httpClient(UrlConnectionHttpClient.create())
        .overrideConfiguration(c -> c.retryStrategy(b -> b.maxAttempts(1)))
        .build();
  }

  @AfterEach
  void stop() {
    client.close();
    aws.close();
  }

  static ExecutorSpec.Ecs spec(String command, Map<String, String> env) {
    return new ExecutorSpec.Ecs("etl", "ork-task-transform:3", "main", List.of("subnet-1", "subnet-2"), List.of("sg-1"),
        false, command, env);
  }

  static TaskLaunch launch(ExecutorSpec.Ecs spec, int attempt, String inputJson) throws Exception {
    var task = new CompiledTask("transform", 0, spec, List.of(), Map.of(), null, null, null, 0);
    return new TaskLaunch("run-1", "elt", task, attempt, JSON.readTree(inputJson));
  }

  @Test
  void launch_sendsRunTaskOnFargateWithOverridesTokensAndTags_atSdkSeam() throws Exception {
    var arn = new EcsExecutor(client).launch(launch(spec("python transform.py --fast", Map.of("MODE", "prod")), 2,
        "{\"n\":3}"));

    assertThat(arn).isEqualTo(TASK_ARN);
    assertThat(aws.seen).hasSize(1);
    assertThat(aws.seen.get(0).target()).isEqualTo("AmazonEC2ContainerServiceV20141113.RunTask");
    var token = EcsExecutor.token("run-1:transform:2");
    assertThat(token).hasSize(36).startsWith("ork-").matches("ork-[0-9a-f]{32}");
    assertThat(JSON.readTree(aws.seen.get(0).body())).isEqualTo(JSON.readTree("""
        {"cluster":"etl","taskDefinition":"ork-task-transform:3","launchType":"FARGATE","count":1,
         "startedBy":"%1$s","clientToken":"%1$s",
         "networkConfiguration":{"awsvpcConfiguration":{"subnets":["subnet-1","subnet-2"],"securityGroups":["sg-1"],
           "assignPublicIp":"DISABLED"}},
         "overrides":{"containerOverrides":[{"name":"main","command":["sh","-c","python transform.py --fast"],
           "environment":[{"name":"MODE","value":"prod"},{"name":"ORK_RUN_ID","value":"run-1"},
             {"name":"ORK_TASK_NAME","value":"transform"},{"name":"ORK_ATTEMPT","value":"2"},
             {"name":"ORK_WORKFLOW_NAME","value":"elt"},{"name":"ORK_INPUT_JSON","value":"{\\"n\\":3}"}]}]},
         "tags":[{"key":"ork:run","value":"run-1"},{"key":"ork:task","value":"transform"},{"key":"ork:attempt","value":"2"},
           {"key":"ork:workflow","value":"elt"}]}
        """.formatted(token)));
  }

  @Test
  void launch_isIdempotentPerAttempt_sameTokensForARedelivery_otherTokensForTheNextAttempt_atSdkSeam() throws Exception {
    var ex = new EcsExecutor(client);
    ex.launch(launch(spec(null, Map.of()), 1, "{}"));
    ex.launch(launch(spec(null, Map.of()), 1, "{}"));
    ex.launch(launch(spec(null, Map.of()), 2, "{}"));
    var tokens = aws.seen.stream().map(s -> {
      try {
        return JSON.readTree(s.body()).path("clientToken").asText();
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }).toList();
    assertThat(tokens.get(0)).isEqualTo(tokens.get(1)).isNotEqualTo(tokens.get(2));
    var body = JSON.readTree(aws.seen.get(0).body());
    assertThat(body.path("startedBy").asText()).isEqualTo(tokens.get(0));
    assertThat(body.path("overrides").path("containerOverrides").get(0).has("command"))
        .as("no command override without a command: the image's own command runs").isFalse();
  }

  @Test
  void launch_isRetryable_whenTheResponseHasFailures_atSdkSeam() {
    aws.responder = s -> new AwsJsonStandIn.Reply(200,
        "{\"tasks\":[],\"failures\":[{\"arn\":\"arn:aws:ecs:us-east-1:1:cluster/etl\",\"reason\":\"RESOURCE:ENI\"}]}");
    assertThatThrownBy(() -> new EcsExecutor(client).launch(launch(spec("true", Map.of()), 1, "{}")))
        .isInstanceOfSatisfying(LaunchException.class, e -> {
          assertThat(e.retryable()).isTrue();
          assertThat(e.getMessage()).contains("RESOURCE:ENI");
        });
  }

  @Test
  void launch_isRetryable_whenThrottled_atSdkSeam() {
    aws.responder = s -> new AwsJsonStandIn.Reply(400, "{\"__type\":\"ThrottlingException\",\"message\":\"Rate exceeded\"}");
    assertThatThrownBy(() -> new EcsExecutor(client).launch(launch(spec("true", Map.of()), 1, "{}")))
        .isInstanceOfSatisfying(LaunchException.class, e -> assertThat(e.retryable()).isTrue());
  }

  @Test
  void launch_isRetryable_whenTheServiceFails_atSdkSeam() {
    aws.responder = s -> new AwsJsonStandIn.Reply(500, "{\"__type\":\"ServerException\",\"message\":\"boom\"}");
    assertThatThrownBy(() -> new EcsExecutor(client).launch(launch(spec("true", Map.of()), 1, "{}")))
        .isInstanceOfSatisfying(LaunchException.class, e -> assertThat(e.retryable()).isTrue());
  }

  @Test
  void launch_isNotRetryable_whenParametersAreInvalid_atSdkSeam() {
    aws.responder = s -> new AwsJsonStandIn.Reply(400,
        "{\"__type\":\"InvalidParameterException\",\"message\":\"TaskDefinition not found.\"}");
    assertThatThrownBy(() -> new EcsExecutor(client).launch(launch(spec("true", Map.of()), 1, "{}")))
        .isInstanceOfSatisfying(LaunchException.class, e -> {
          assertThat(e.retryable()).isFalse();
          assertThat(e.getMessage()).contains("HTTP 400").contains("TaskDefinition not found");
        });
  }

  @Test
  void launch_isNotRetryable_andSendsNothing_whenOverridesExceedTheLimit() {
    var big = "{\"blob\":\"" + "x".repeat(EcsExecutor.MAX_OVERRIDE_CHARS) + "\"}";
    assertThatThrownBy(() -> new EcsExecutor(client).launch(launch(spec("true", Map.of()), 1, big)))
        .isInstanceOfSatisfying(LaunchException.class, e -> {
          assertThat(e.retryable()).isFalse();
          assertThat(e.getMessage()).contains("8192");
        });
    assertThat(aws.seen).isEmpty();
  }

  @Test
  void stop_sendsStopTaskWithClusterAndReason_atSdkSeam() throws Exception {
    aws.responder = s -> new AwsJsonStandIn.Reply(200, "{\"task\":{\"taskArn\":\"" + TASK_ARN + "\"}}");
    new EcsExecutor(client).stop("run-1", "transform", 2, TASK_ARN, "timed out after 60s");
    assertThat(aws.seen).hasSize(1);
    assertThat(aws.seen.get(0).target()).isEqualTo("AmazonEC2ContainerServiceV20141113.StopTask");
    assertThat(JSON.readTree(aws.seen.get(0).body())).isEqualTo(JSON.readTree(
        "{\"cluster\":\"etl\",\"task\":\"" + TASK_ARN + "\",\"reason\":\"ork: timed out after 60s\"}"));
  }

  @Test
  void stop_neverThrows_whenStopTaskFails_atSdkSeam() {
    aws.responder = s -> new AwsJsonStandIn.Reply(400, "{\"__type\":\"InvalidParameterException\",\"message\":\"gone\"}");
    new EcsExecutor(client).stop("run-1", "transform", 2, TASK_ARN, "cancelled");
    assertThat(aws.seen).hasSize(1);
  }
}
