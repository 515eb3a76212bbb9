package dev.ork.functions;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ork.core.run.TaskRun;
import dev.ork.core.run.TaskStatus;
import dev.ork.core.workflow.CompiledTask;
import dev.ork.core.workflow.ExecutorSpec;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Where the AWS wiring says a task's log is (GET /runs/{id}/tasks/{task}/log): group, stream, console link. */
class CloudWatchTaskLogsTest {
  private final CloudWatchTaskLogs logs = new CloudWatchTaskLogs("eu-west-1");

  private static TaskRun task(String executionId) {
    return new TaskRun("r1", "t", TaskStatus.FAILED, 1, 1, executionId, null, "boom", null, null, null, null, null);
  }

  private static CompiledTask def(ExecutorSpec spec) {
    return new CompiledTask("t", 0, spec, List.of(), Map.of(), null, null, null, 0);
  }

  @Test
  void aLambdaTask_isItsFunctionsLogGroup_linkFilteredOnTheRequestId() {
    var log = logs.read(task("req-123"), def(new ExecutorSpec.Lambda("arn:aws:lambda:eu-west-1:1:function:extract", null, null)), 0);
    assertThat(log.text()).isNull();
    assertThat(log.logGroup()).isEqualTo("/aws/lambda/extract");
    assertThat(log.link()).startsWith("https://eu-west-1.console.aws.amazon.com/cloudwatch/home?region=eu-west-1#logsV2:log-groups/log-group/$252Faws$252Flambda$252Fextract")
        .contains("req-123");
  }

  @Test
  void anEcsTask_isItsTaskPage_andAnUnknownDefinitionIsNothing() {
    var arn = "arn:aws:ecs:eu-west-1:1:task/ork/abc123";
    var log = logs.read(task(arn), def(new ExecutorSpec.Ecs("ork", "td", "main", List.of(), List.of(), false, null, Map.of())), 1);
    assertThat(log.logStream()).isEqualTo("abc123");
    assertThat(log.link()).startsWith("https://eu-west-1.console.aws.amazon.com/ecs/v2/tasks?region=eu-west-1&taskArn=");
    assertThat(logs.read(task(arn), null, 0)).isEqualTo(new dev.ork.api.TaskLogs.TaskLog(null, null, null, null));
  }
}
