package dev.ork.core.testing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ork.core.workflow.Binding;
import dev.ork.core.workflow.CompiledTask;
import dev.ork.core.workflow.CompiledWorkflow;
import dev.ork.core.workflow.ExecutorSpec;
import dev.ork.core.workflow.TypeExpr;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builds compiled workflows in code, for engine tests that must not depend on the YAML compiler. */
public final class TestWorkflows {
  private final String name;
  private final List<CompiledTask> tasks = new ArrayList<>();

  private TestWorkflows(String name) {
    this.name = name;
  }

  public static TestWorkflows named(String name) {
    return new TestWorkflows(name);
  }

  /** A process task; {@code deps} in order. */
  public TestWorkflows task(String task, String... deps) {
    return task(task, 0, null, deps);
  }

  public TestWorkflows task(String task, int retries, Duration timeout, String... deps) {
    tasks.add(new CompiledTask(task, tasks.size(), new ExecutorSpec.Process("true", null), List.of(deps),
        Map.of(), null, null, timeout, retries));
    return this;
  }

  /** A typed task with bindings. */
  public TestWorkflows typed(String task, Map<String, Binding> inputs, TypeExpr inputType, TypeExpr outputType,
      String... deps) {
    tasks.add(new CompiledTask(task, tasks.size(), new ExecutorSpec.Process("true", null), List.of(deps),
        inputs, inputType, outputType, null, 0));
    return this;
  }

  public TestWorkflows executor(String task, ExecutorSpec spec) {
    var i = indexOf(task);
    var t = tasks.get(i);
    tasks.set(i, new CompiledTask(t.name(), t.index(), spec, t.dependsOn(), t.inputs(), t.inputType(),
        t.outputType(), t.timeout(), t.retries()));
    return this;
  }

  public CompiledWorkflow build() {
    var order = tasks.stream().map(CompiledTask::name).toList();
    return new CompiledWorkflow(name, null, null, tasks, order, "sha256:test-" + name + "-" + tasks.hashCode());
  }

  public static Binding ref(String task, String... path) {
    return new Binding.Ref(task, List.of(path));
  }

  public static Binding constant(JsonNode value) {
    return new Binding.Const(value);
  }

  public static TypeExpr.ObjectType object(Object... nameThenType) {
    var fields = new LinkedHashMap<String, TypeExpr>();
    for (int i = 0; i < nameThenType.length; i += 2) fields.put((String) nameThenType[i], (TypeExpr) nameThenType[i + 1]);
    return new TypeExpr.ObjectType(fields);
  }

  public static TypeExpr prim(TypeExpr.Builtin b) {
    return new TypeExpr.Primitive(b);
  }

  private int indexOf(String task) {
    for (int i = 0; i < tasks.size(); i++) if (tasks.get(i).name().equals(task)) return i;
    throw new IllegalArgumentException(task);
  }
}
