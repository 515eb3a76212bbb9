package dev.ork.infra.ecs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import java.io.IOException;

/**
 * Finds the output of an ECS task whose container exited 0: the last {@code ORK_OUTPUT:<json>} line it
 * printed, the same contract as {@code executor: process}. Throws a
 * {@link dev.ork.infra.sqs.TransientException} when the logs cannot be read yet (the status message is
 * then redelivered).
 */
@FunctionalInterface
public interface EcsTaskOutputs {

  String OUTPUT_PREFIX = "ORK_OUTPUT:";

  Result read(EcsTaskStateChange.Stopped task);

  /** {@code output} (null: none) or {@code error} (the attempt fails with it). */
  record Result(JsonNode output, String error) {
    public static Result none() {
      return new Result(null, null);
    }
  }

  /** For wirings without ECS: a succeeded container has no output. */
  static EcsTaskOutputs none() {
    return t -> Result.none();
  }

  /** Parses an {@code ORK_OUTPUT:} line exactly as ProcessExecutor does; null line → no output. */
  static Result parseLine(String line) {
    if (line == null) return Result.none();
    String json = line.substring(line.indexOf(OUTPUT_PREFIX) + OUTPUT_PREFIX.length()).strip();
    if (json.isEmpty()) return new Result(null, "invalid ORK_OUTPUT line: no JSON after the prefix");
    try {
      JsonNode n = Parse.READER.readTree(json);
      return new Result(n == null || n.isNull() || n.isMissingNode() ? null : n, null);
    } catch (IOException e) {
      String msg = e instanceof JsonProcessingException jpe ? jpe.getOriginalMessage() : e.getMessage();
      return new Result(null, "invalid ORK_OUTPUT JSON: " + String.valueOf(msg).replace('\n', ' '));
    }
  }

  /** Holder of the strict reader (no trailing tokens). */
  final class Parse {
    private Parse() {}

    static final ObjectReader READER = new ObjectMapper().reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
  }
}
