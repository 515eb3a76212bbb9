package dev.ork.core.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ork.core.workflow.Binding;
import dev.ork.core.workflow.CompiledTask;
import dev.ork.core.workflow.Instances;
import java.util.Map;

/** Builds a task's argument object from its bindings, its dependencies' outputs and run overrides. */
public final class InputBinder {
  private InputBinder() {}

  /** A binding could not be resolved; the message names the task, the argument and the cause. */
  public static final class BindingException extends Exception {
    public BindingException(String message) {
      super(message);
    }
  }

  /**
   * @param outputs the stored outputs of the task's dependencies, by task name
   * @param overrides the run's overrides ({@code {"task.arg": value}}), or null
   */
  public static ObjectNode bind(CompiledTask task, Map<String, JsonNode> outputs, JsonNode overrides)
      throws BindingException {
    return bind(task, outputs, overrides, null);
  }

  /** @param item the element a foreach instance runs for (null for any other task) */
  public static ObjectNode bind(CompiledTask task, Map<String, JsonNode> outputs, JsonNode overrides, JsonNode item)
      throws BindingException {
    var input = JsonNodeFactory.instance.objectNode();
    var overrideName = Instances.parentOf(task.name());
    for (var e : task.inputs().entrySet()) {
      var arg = e.getKey();
      var override = overrides == null ? null : overrides.get(overrideName + "." + arg);
      if (override != null) {
        input.set(arg, override);
        continue;
      }
      switch (e.getValue()) {
        case Binding.Const c -> input.set(arg, c.value());
        case Binding.Ref r -> input.set(arg, resolve(task, arg, r, outputs));
        case Binding.Item i -> input.set(arg, item(task, arg, i, item));
        case Binding.ItemIndex i -> input.put(arg, Instances.indexOf(task.name()));
      }
    }
    return input;
  }

  private static JsonNode item(CompiledTask task, String arg, Binding.Item ref, JsonNode item) throws BindingException {
    var where = "task '" + task.name() + "' input '" + arg + "' (" + ref.expression() + ")";
    if (item == null) throw new BindingException(where + ": no foreach element for this task");
    var node = item;
    for (var field : ref.path()) {
      if (!node.isObject() || !node.has(field)) throw new BindingException(where + ": the element has no field '" + field + "'");
      node = node.get(field);
    }
    return node;
  }

  private static JsonNode resolve(CompiledTask task, String arg, Binding.Ref ref, Map<String, JsonNode> outputs)
      throws BindingException {
    var where = "task '" + task.name() + "' input '" + arg + "' (" + ref.expression() + ")";
    if (!task.dependsOn().contains(ref.task())) {
      throw new BindingException(where + ": '" + ref.task() + "' is not in depends_on");
    }
    var node = outputs.get(ref.task());
    if (node == null || node.isNull() || node.isMissingNode()) {
      throw new BindingException(where + ": task '" + ref.task() + "' produced no output");
    }
    var walked = new StringBuilder("output");
    for (var field : ref.path()) {
      if (!node.isObject()) {
        throw new BindingException(where + ": cannot read field '" + field + "' of " + walked + ", which is not an object");
      }
      if (!node.has(field)) {
        throw new BindingException(where + ": " + walked + " has no field '" + field + "'");
      }
      node = node.get(field);
      walked.append('.').append(field);
    }
    return node;
  }
}
