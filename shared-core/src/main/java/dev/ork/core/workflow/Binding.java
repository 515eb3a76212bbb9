package dev.ork.core.workflow;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/** How a task argument gets its value: a literal, a path into a dependency's output, or a field of the run. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "kind")
@JsonSubTypes({
  @JsonSubTypes.Type(value = Binding.Const.class, name = "const"),
  @JsonSubTypes.Type(value = Binding.Ref.class, name = "ref"),
  @JsonSubTypes.Type(value = Binding.RunField.class, name = "run")})
public sealed interface Binding {

  record Const(JsonNode value) implements Binding {}

  /** {@code tasks.<task>.output[.field...]}: {@code path} holds the fields after {@code output}. */
  record Ref(String task, List<String> path) implements Binding {
    public Ref {
      path = List.copyOf(path);
    }

    @com.fasterxml.jackson.annotation.JsonIgnore
    public String expression() {
      return "tasks." + task + ".output" + (path.isEmpty() ? "" : "." + String.join(".", path));
    }
  }

  /** {@code run.<field>}: one of {@link #FIELDS}, a string (the run's data interval, ISO-8601 UTC). */
  record RunField(String field) implements Binding {
    public static final java.util.List<String> FIELDS = java.util.List.of("interval_start", "interval_end");

    @com.fasterxml.jackson.annotation.JsonIgnore
    public String expression() {
      return "run." + field;
    }
  }
}
