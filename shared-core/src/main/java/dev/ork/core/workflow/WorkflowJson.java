package dev.ork.core.workflow;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;

/** The stored form of a compiled workflow (a snapshot): canonical JSON, stable key order. */
public final class WorkflowJson {
  private WorkflowJson() {}

  // the one module named, not looked up: a ServiceLoader scan of a 60 MB shaded jar costs every CLI start
  public static final ObjectMapper MAPPER = JsonMapper.builder()
      .addModule(new com.fasterxml.jackson.datatype.jsr310.JavaTimeModule())
      .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, false)
      .configure(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY, false)
      .build();

  public static String write(CompiledWorkflow workflow) {
    try {
      return MAPPER.writeValueAsString(workflow);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise workflow " + workflow.name(), e);
    }
  }

  public static CompiledWorkflow read(String json) {
    try {
      return MAPPER.readValue(json, CompiledWorkflow.class);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("stored snapshot is not a readable compiled workflow: " + e.getOriginalMessage(), e);
    }
  }
}
