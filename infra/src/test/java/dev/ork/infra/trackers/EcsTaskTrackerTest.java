package dev.ork.infra.trackers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ork.core.port.JobTracker.Poll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ecs.EcsClient;

class EcsTaskTrackerTest {
  private static final String DESCRIBE = "AmazonEC2ContainerServiceV20141113.DescribeTasks";
  private static final String ARN = "arn:aws:ecs:us-east-1:123:task/c/abc";

  private SdkStandIn standIn;
  private EcsTaskTracker tracker;

  @BeforeEach
  void start() throws Exception {
    standIn = new SdkStandIn();
    tracker = new EcsTaskTracker(() -> standIn.client(EcsClient.builder()));
  }

  @AfterEach
  void stop() {
    standIn.close();
  }

  private Poll poll(String task) throws Exception {
    standIn.onJson(DESCRIBE, "{\"tasks\":[" + task + "],\"failures\":[]}");
    return tracker.poll(SdkStandIn.MAPPER.readTree("{\"service_type\":\"ecs\",\"job_id\":\"" + ARN + "\",\"cluster\":\"c\"}"));
  }

  @Test
  void poll_describesTheTask_andCompletes_whenStoppedWithExitCodeZero_atSdkSeam() throws Exception {
    assertThat(poll("{\"taskArn\":\"" + ARN + "\",\"lastStatus\":\"STOPPED\",\"stopCode\":\"EssentialContainerExited\","
        + "\"containers\":[{\"name\":\"main\",\"exitCode\":0}]}")).isEqualTo(new Poll.Completed());
    var r = standIn.only();
    assertThat(r.method()).isEqualTo("POST");
    assertThat(r.header("X-Amz-Target")).isEqualTo(DESCRIBE);
    assertThat(r.header("Authorization")).contains("AKIDSTANDIN");
    assertThat(r.json()).isEqualTo(SdkStandIn.MAPPER.readTree("{\"cluster\":\"c\",\"tasks\":[\"" + ARN + "\"]}"));
  }

  @Test
  void poll_fails_whenStoppedWithANonZeroExitCode_atSdkSeam() throws Exception {
    assertThat(poll("{\"lastStatus\":\"STOPPED\",\"stoppedReason\":\"Essential container in task exited\","
        + "\"containers\":[{\"name\":\"main\",\"exitCode\":3,\"reason\":\"OutOfMemoryError\"}]}"))
        .isEqualTo(new Poll.Failed("ECS task stopped: Essential container in task exited (container main exit code 3, OutOfMemoryError)"));
  }

  @Test
  void poll_fails_whenStoppedWithoutAnExitCode_atSdkSeam() throws Exception {
    assertThat(poll("{\"lastStatus\":\"STOPPED\",\"stoppedReason\":\"CannotPullContainerError\",\"containers\":[{\"name\":\"main\"}]}"))
        .isEqualTo(new Poll.Failed("ECS task stopped: CannotPullContainerError (container main exit code none)"));
  }

  @Test
  void poll_looksAtTheNamedContainer_whenJobDataNamesOne_atSdkSeam() throws Exception {
    standIn.onJson(DESCRIBE, "{\"tasks\":[{\"lastStatus\":\"STOPPED\",\"containers\":[{\"name\":\"sidecar\",\"exitCode\":137},"
        + "{\"name\":\"main\",\"exitCode\":0}]}]}");
    assertThat(tracker.poll(SdkStandIn.MAPPER.readTree("{\"job_id\":\"x\",\"task_arn\":\"" + ARN + "\",\"cluster\":\"c\",\"container\":\"main\"}")))
        .isEqualTo(new Poll.Completed());
    assertThat(standIn.only().json().get("tasks").get(0).asText()).isEqualTo(ARN);
  }

  @Test
  void poll_isRunning_untilStopped_atSdkSeam() throws Exception {
    for (var status : new String[] {"PROVISIONING", "PENDING", "ACTIVATING", "RUNNING", "DEACTIVATING", "STOPPING", "DEPROVISIONING"}) {
      assertThat(poll("{\"lastStatus\":\"" + status + "\",\"containers\":[{\"name\":\"main\"}]}")).isEqualTo(new Poll.Running());
    }
  }

  @Test
  void poll_throws_whenTheTaskIsUnknownOrTheServiceErrs_atSdkSeam() throws Exception {
    standIn.onJson(DESCRIBE, "{\"tasks\":[],\"failures\":[{\"arn\":\"" + ARN + "\",\"reason\":\"MISSING\"}]}");
    var data = SdkStandIn.MAPPER.readTree("{\"job_id\":\"" + ARN + "\",\"cluster\":\"c\"}");
    assertThatThrownBy(() -> tracker.poll(data)).hasMessageContaining("MISSING");
    standIn.on(DESCRIBE, new SdkStandIn.Response(400, "application/x-amz-json-1.1",
        "{\"__type\":\"ThrottlingException\",\"message\":\"Rate exceeded\"}"));
    assertThatThrownBy(() -> tracker.poll(data)).hasMessageContaining("Rate exceeded");
    assertThatThrownBy(() -> tracker.poll(SdkStandIn.MAPPER.readTree("{\"job_id\":\"x\"}"))).hasMessage("Missing cluster in job_data");
  }

  @Test
  void cancel_stopsTheTask_atSdkSeam() throws Exception {
    standIn.onJson("AmazonEC2ContainerServiceV20141113.StopTask", "{\"task\":{\"lastStatus\":\"STOPPED\"}}");
    tracker.cancel(SdkStandIn.MAPPER.readTree("{\"job_id\":\"" + ARN + "\",\"cluster\":\"c\"}"));
    var r = standIn.only();
    assertThat(r.header("X-Amz-Target")).isEqualTo("AmazonEC2ContainerServiceV20141113.StopTask");
    assertThat(r.json()).isEqualTo(SdkStandIn.MAPPER.readTree("{\"cluster\":\"c\",\"task\":\"" + ARN + "\",\"reason\":\"cancelled by Ork\"}"));
  }

  @Test
  void describesItself_withoutBuildingAClient() {
    var lazy = new EcsTaskTracker(() -> {
      throw new AssertionError("client built");
    });
    assertThat(lazy.serviceType()).isEqualTo("ecs");
    assertThat(lazy.requiredFields()).containsExactly("cluster");
  }
}
