package dev.ork.infra.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.ork.core.workflow.WorkflowJson;

/** JSON values (outputs, overrides) as stored text. */
public final class JsonText {
  private JsonText() {}

  public static String write(JsonNode node) {
    if (node == null) {
      return null;
    }
    try {
      return WorkflowJson.MAPPER.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise JSON value", e);
    }
  }

  public static JsonNode read(String text) {
    if (text == null) {
      return null;
    }
    try {
      return WorkflowJson.MAPPER.readTree(text);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("stored JSON is not readable: " + e.getOriginalMessage(), e);
    }
  }
}
