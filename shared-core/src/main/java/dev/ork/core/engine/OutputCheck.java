package dev.ork.core.engine;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ork.core.workflow.CompiledTask;
import dev.ork.core.workflow.TypeCheck;
import dev.ork.core.workflow.WorkflowJson;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** Decides whether a reported output may be stored: its size, and its type against output_type. */
public final class OutputCheck {
  private OutputCheck() {}

  /** The size of a value as stored: its JSON in UTF-8 bytes. */
  public static int size(JsonNode value) {
    try {
      return WorkflowJson.MAPPER.writeValueAsString(value).getBytes(StandardCharsets.UTF_8).length;
    } catch (Exception e) {
      throw new IllegalArgumentException("not serialisable: " + e.getMessage(), e);
    }
  }

  /** Returns why the output is refused, or empty when it is fine. */
  public static Optional<String> refuse(CompiledTask task, JsonNode output, int maxBytes) {
    if (output != null && !output.isNull()) {
      int size;
      try {
        size = WorkflowJson.MAPPER.writeValueAsString(output).getBytes(StandardCharsets.UTF_8).length;
      } catch (Exception e) {
        return Optional.of("output is not serialisable: " + e.getMessage());
      }
      if (size > maxBytes) {
        return Optional.of("output is " + size + " bytes, over the " + maxBytes
            + "-byte limit; store large data elsewhere (e.g. S3) and output a reference to it");
      }
    }
    if (task.outputType() == null) return Optional.empty();
    if (output == null || output.isNull()) {
      return Optional.of("task declares output_type " + task.outputType() + " but produced no output");
    }
    var problems = TypeCheck.problems(task.outputType(), output);
    if (problems.isEmpty()) return Optional.empty();
    return Optional.of("output does not match output_type " + task.outputType() + ": "
        + String.join("; ", problems.subList(0, Math.min(5, problems.size()))));
  }
}
