package dev.ork.core.workflow;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.List;
import java.util.Map;

/**
 * What runs a task, with the fields each executor kind needs. File paths stay as written, relative to
 * the workflow root (the YAML file's folder), so a snapshot's hash does not depend on where it lives.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "executor")
@JsonSubTypes({
  @JsonSubTypes.Type(value = ExecutorSpec.Process.class, name = "process"),
  @JsonSubTypes.Type(value = ExecutorSpec.Python.class, name = "python"),
  @JsonSubTypes.Type(value = ExecutorSpec.Lambda.class, name = "lambda"),
  @JsonSubTypes.Type(value = ExecutorSpec.Ecs.class, name = "ecs")})
public sealed interface ExecutorSpec {

  @JsonIgnore
  String kind();

  /** {@code executor: process}: a shell command, or an executable file. */
  record Process(String command, String file) implements ExecutorSpec {
    @JsonIgnore public String kind() { return "process"; }
  }

  /** {@code executor: python}: a function in a file or module, called with its named arguments. */
  record Python(String file, String module, String function) implements ExecutorSpec {
    @JsonIgnore public String kind() { return "python"; }
  }

  /**
   * {@code executor: lambda}: asynchronous invoke of {@code function} (name or ARN). {@code handler},
   * a Java class implementing RequestHandler, lets {@code ork run} call it in-process on a laptop.
   */
  record Lambda(String function, String qualifier, String handler) implements ExecutorSpec {
    @JsonIgnore public String kind() { return "lambda"; }
  }

  /**
   * {@code executor: ecs}: a Fargate task. {@code command} overrides the container's command and also
   * lets {@code ork run} run the same command locally.
   */
  record Ecs(
      String cluster,
      String taskDefinition,
      String container,
      List<String> subnets,
      List<String> securityGroups,
      boolean assignPublicIp,
      String command,
      Map<String, String> environment) implements ExecutorSpec {
    @JsonIgnore public String kind() { return "ecs"; }
  }
}
