package dev.ork.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintStream;
import java.time.Instant;
import java.util.LinkedHashMap;

/**
 * One JSON line per event on stdout (Lambda sends each line to CloudWatch as one event): time,
 * level, handler, event, outcome and the run context (runId, task, attempt). Never payloads,
 * inputs or outputs: they may hold secrets.
 */
public final class JsonLog {
  private JsonLog() {}

  private static final ObjectMapper MAPPER = new ObjectMapper();
  public static volatile PrintStream out = System.out;

  public static Line line(String handler, String event) {
    return new Line(handler, event);
  }

  public static final class Line {
    private final LinkedHashMap<String, Object> fields = new LinkedHashMap<>();
    private String level = "INFO";

    private Line(String handler, String event) {
      fields.put("time", Instant.now().toString());
      fields.put("level", level);
      fields.put("handler", handler);
      fields.put("event", event);
    }

    public Line run(String runId, String task, int attempt) {
      if (runId != null) fields.put("runId", runId);
      if (task != null) fields.put("task", task);
      if (attempt > 0) fields.put("attempt", attempt);
      return this;
    }

    public Line with(String key, Object value) {
      if (value != null) fields.put(key, value);
      return this;
    }

    public Line level(String value) {
      level = value;
      fields.put("level", value);
      return this;
    }

    public void outcome(String outcome) {
      fields.put("outcome", outcome);
      try {
        out.println(MAPPER.writeValueAsString(fields));
      } catch (JsonProcessingException e) {
        out.println("{\"level\":\"ERROR\",\"event\":\"log line not encodable\"}");
      }
    }
  }
}
