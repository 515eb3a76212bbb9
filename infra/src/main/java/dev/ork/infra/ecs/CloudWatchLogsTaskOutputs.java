package dev.ork.infra.ecs;

import dev.ork.infra.sqs.TransientException;
import java.util.Objects;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.OutputLogEvent;
import software.amazon.awssdk.services.cloudwatchlogs.model.ResourceNotFoundException;

/**
 * Reads a stopped ECS task's output from CloudWatch Logs: the container logs with the {@code awslogs}
 * driver to {@code logGroup} with {@code awslogs-stream-prefix} {@code streamPrefix}, so its stream is
 * {@code <streamPrefix>/<container>/<task id>}. GetLogEvents walks the stream backwards from its end
 * (newest page first, at most {@link #MAX_PAGES} pages) to the last line starting with
 * {@code ORK_OUTPUT:}. One request for a task whose output is among its last ~1 MB of log.
 *
 * <p>A missing stream is transient (the status message is retried: the log may lag the event); after the
 * status queue's maxReceiveCount it lands in the DLQ with the reason, and the task times out.
 */
public final class CloudWatchLogsTaskOutputs implements EcsTaskOutputs {

  static final int MAX_PAGES = 20;
  private final CloudWatchLogsClient logs;
  private final String logGroup;
  private final String streamPrefix;

  public CloudWatchLogsTaskOutputs(CloudWatchLogsClient logs, String logGroup, String streamPrefix) {
    this.logs = Objects.requireNonNull(logs, "logs");
    this.logGroup = Objects.requireNonNull(logGroup, "logGroup");
    this.streamPrefix = streamPrefix == null || streamPrefix.isBlank() ? "ork" : streamPrefix;
  }

  public static String streamName(String prefix, String container, String taskId) {
    return prefix + "/" + container + "/" + taskId;
  }

  @Override
  public Result read(EcsTaskStateChange.Stopped task) {
    var stream = streamName(streamPrefix, task.container(), task.taskId());
    String token = null;
    try {
      for (int page = 0; page < MAX_PAGES; page++) {
        String t = token;
        var response = logs.getLogEvents(b -> {
          b.logGroupName(logGroup).logStreamName(stream).startFromHead(false);
          if (t != null) b.nextToken(t);
        });
        var events = response.events();
        for (int i = events.size() - 1; i >= 0; i--) {
          OutputLogEvent e = events.get(i);
          var line = e.message();
          if (line != null && line.startsWith(OUTPUT_PREFIX)) return EcsTaskOutputs.parseLine(line.stripTrailing());
        }
        var next = response.nextBackwardToken();
        if (events.isEmpty() || next == null || next.equals(token)) break;
        token = next;
      }
      return Result.none();
    } catch (ResourceNotFoundException e) {
      throw new TransientException("log stream " + logGroup + ":" + stream + " of ECS task " + task.taskArn()
          + " not found (yet?): the container must log with awslogs to group " + logGroup + " and stream prefix "
          + streamPrefix, e);
    }
  }
}
