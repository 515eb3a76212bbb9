package dev.ork.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ork.core.workflow.WorkflowJson;
import java.util.List;

/** Parses {@code --input task.arg=value} options: the value is JSON when it parses as JSON, else a string. */
public final class Inputs {
  private Inputs() {}

  public static ObjectNode parse(List<String> pairs) {
    var out = JsonNodeFactory.instance.objectNode();
    if (pairs == null) return out;
    for (var pair : pairs) {
      int eq = pair.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException("--input '" + pair + "': write it as task.arg=value");
      }
      out.set(pair.substring(0, eq), value(pair.substring(eq + 1)));
    }
    return out;
  }

  private static JsonNode value(String text) {
    try {
      return WorkflowJson.MAPPER.readTree(text);
    } catch (Exception e) {
      return JsonNodeFactory.instance.textNode(text);
    }
  }
}
