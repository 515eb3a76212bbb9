package dev.ork.core.compiler;

import dev.ork.core.workflow.Binding;
import dev.ork.core.workflow.ExecutorSpec;
import dev.ork.core.workflow.Foreach;
import dev.ork.core.workflow.TypeExpr;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.yaml.snakeyaml.nodes.Node;

/** A task as read so far, with the YAML nodes later checks point at. */
final class TaskDraft {
  String name;
  Node keyNode;
  int index;
  Map<String, MappingEntry> fields = Map.of();
  ExecutorSpec executor;
  List<String> dependsOn = new ArrayList<>();
  Map<String, Node> dependsOnNodes = new LinkedHashMap<>();
  TypeExpr inputType;
  boolean inputTypeBroken;
  TypeExpr outputType;
  boolean outputTypeBroken;
  Map<String, Binding> inputs = new TreeMap<>();
  Map<String, Node> bindingNodes = new TreeMap<>();
  Duration timeout = WorkflowCompiler.DEFAULT_TIMEOUT;
  /** The compiled foreach, once its ref is checked; {@code itemType} is its list's element type. */
  Foreach foreach;
  TypeExpr itemType;
  Integer maxConcurrency;
  String pool;

  boolean hasForeach() {
    return fields.containsKey("foreach");
  }

  /** What a ref to this task's output reads: a foreach task's output is the list of its instances' outputs. */
  TypeExpr referencedType() {
    return outputType == null || !hasForeach() ? outputType : new TypeExpr.ArrayType(outputType);
  }
  int retries;
}
