package dev.ork.infra.trackers;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.function.Supplier;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.Container;
import software.amazon.awssdk.services.ecs.model.Task;

/**
 * {@code ecs}: an ECS task, by {@code cluster} and {@code task_arn} (default: {@code job_id}), via
 * DescribeTasks. STOPPED with exit code 0 on the essential container → Completed; STOPPED otherwise
 * → Failed (stoppedReason and exit code); any other lastStatus → Running. The essential container is
 * the one named by the optional {@code container} field, else the task's first container. A task
 * DescribeTasks does not know (yet) → thrown (retried; failed after 5 in a row). Cancel → StopTask.
 */
public final class EcsTaskTracker extends AwsJobTracker<EcsClient> {

  public static final String SERVICE_TYPE = "ecs";

  public EcsTaskTracker(Supplier<EcsClient> ecs) {
    super(SERVICE_TYPE, List.of("cluster"), ecs);
  }

  @Override
  public Poll poll(JsonNode jobData) {
    var cluster = JobData.required(jobData, "cluster");
    var arn = JobData.either(jobData, "task_arn", "job_id");
    var response = client().describeTasks(b -> b.cluster(cluster).tasks(arn));
    if (!response.hasTasks() || response.tasks().isEmpty()) {
      var reason = response.hasFailures() && !response.failures().isEmpty() ? response.failures().get(0).reason() : "no task";
      throw new IllegalStateException("ECS task " + arn + " not found in cluster " + cluster + ": " + reason);
    }
    var task = response.tasks().get(0);
    if (!"STOPPED".equals(task.lastStatus())) {
      return new Poll.Running();
    }
    var container = essential(task, JobData.optional(jobData, "container"));
    Integer exit = container == null ? null : container.exitCode();
    if (exit != null && exit == 0) {
      return new Poll.Completed();
    }
    var sb = new StringBuilder("ECS task stopped: ").append(JobData.orUnknown(task.stoppedReason(), "no reason given"));
    if (container != null) {
      sb.append(" (container ").append(container.name()).append(" exit code ")
          .append(exit == null ? "none" : exit.toString());
      if (container.reason() != null) sb.append(", ").append(container.reason());
      sb.append(')');
    }
    return new Poll.Failed(sb.toString());
  }

  private static Container essential(Task task, String name) {
    if (!task.hasContainers() || task.containers().isEmpty()) return null;
    if (name != null) {
      return task.containers().stream().filter(c -> name.equals(c.name())).findFirst().orElse(null);
    }
    return task.containers().get(0);
  }

  @Override
  public void cancel(JsonNode jobData) {
    client().stopTask(b -> b.cluster(JobData.required(jobData, "cluster"))
        .task(JobData.either(jobData, "task_arn", "job_id")).reason("cancelled by Ork"));
  }
}
