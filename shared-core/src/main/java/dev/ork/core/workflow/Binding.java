package dev.ork.core.workflow;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * How a task argument gets its value: a literal, a path into a dependency's output, or (in a
 * foreach task) the instance's element or its position.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "kind")
@JsonSubTypes({
  @JsonSubTypes.Type(value = Binding.Const.class, name = "const"),
  @JsonSubTypes.Type(value = Binding.Ref.class, name = "ref"),
  @JsonSubTypes.Type(value = Binding.Item.class, name = "item"),
  @JsonSubTypes.Type(value = Binding.ItemIndex.class, name = "item_index")})
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

  /** {@code item[.field...]}: the element a foreach instance runs for, or a path into it. */
  record Item(List<String> path) implements Binding {
    public Item {
      path = List.copyOf(path);
    }

    @com.fasterxml.jackson.annotation.JsonIgnore
    public String expression() {
      return "item" + (path.isEmpty() ? "" : "." + String.join(".", path));
    }
  }

  /** {@code item_index}: the 0-based position of a foreach instance's element in its list. */
  record ItemIndex() implements Binding {}
}
