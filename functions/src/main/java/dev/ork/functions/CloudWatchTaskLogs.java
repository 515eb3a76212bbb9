package dev.ork.functions;

import dev.ork.api.TaskLogs;
import dev.ork.core.run.TaskRun;
import dev.ork.core.workflow.CompiledTask;
import dev.ork.core.workflow.ExecutorSpec;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * Where a task's log is on AWS, without reading it (the API role has no CloudWatch Logs read): a Lambda
 * task's log group {@code /aws/lambda/<function>} with a console link filtered on the attempt's request
 * id; an ECS task's console page. The text itself stays in CloudWatch (docs/api.md).
 */
final class CloudWatchTaskLogs implements TaskLogs {
  private final String region;

  CloudWatchTaskLogs(String region) {
    this.region = region == null ? "us-east-1" : region;
  }

  @Override
  public TaskLog read(TaskRun task, CompiledTask definition, int attempt) {
    if (definition == null) return new TaskLog(null, null, null, null);
    if (definition.executor() instanceof ExecutorSpec.Lambda lambda) {
      var function = lambda.function().substring(lambda.function().lastIndexOf(':') + 1);
      var group = "/aws/lambda/" + function;
      var link = "https://" + region + ".console.aws.amazon.com/cloudwatch/home?region=" + region
          + "#logsV2:log-groups/log-group/" + encode(group)
          + (task.executionId() == null ? "" : "/log-events$3FfilterPattern$3D" + encode("\"" + task.executionId() + "\""));
      return new TaskLog(null, group, null, link);
    }
    if (definition.executor() instanceof ExecutorSpec.Ecs && task.executionId() != null) {
      var arn = task.executionId();
      var link = "https://" + region + ".console.aws.amazon.com/ecs/v2/tasks?region=" + region + "&taskArn=" + encode(arn);
      return new TaskLog(null, null, arn.substring(arn.lastIndexOf('/') + 1), link);
    }
    return new TaskLog(null, null, null, null);
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("%", "$25");
  }
}
