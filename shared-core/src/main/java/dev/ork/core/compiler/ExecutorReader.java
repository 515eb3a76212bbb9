package dev.ork.core.compiler;

import static dev.ork.core.compiler.NodeReader.abbreviate;
import static dev.ork.core.compiler.NodeReader.isNull;
import static dev.ork.core.compiler.NodeReader.kind;
import static dev.ork.core.compiler.WorkflowCompiler.DEFAULT_PYTHON_FUNCTION;
import static dev.ork.core.compiler.WorkflowCompiler.IDENTIFIER;
import static dev.ork.core.compiler.WorkflowCompiler.PY_MODULE;

import dev.ork.core.workflow.ExecutorSpec;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.yaml.snakeyaml.nodes.MappingNode;

/** Reads the executor-specific fields of a task (process, python, lambda, ecs) into an {@link ExecutorSpec}. */
final class ExecutorReader {

  private final CompileSession session;
  private final NodeReader nodes;

  ExecutorReader(CompileSession session, NodeReader nodes) {
    this.session = session;
    this.nodes = nodes;
  }

  ExecutorSpec read(TaskDraft t, String kind, String path) {
    var f = t.fields;
    switch (kind) {
      case "process" -> {
        var command = optionalString(f, "command", path);
        var file = optionalFile(f, path);
        if (command == null && file == null && !f.containsKey("command") && !f.containsKey("file")) {
          session.error(t.keyNode, ErrorCode.MISSING_FIELD, path, "process task needs a 'command' or a 'file'",
              "add e.g. `command: sh scripts/step.sh`");
        }
        return new ExecutorSpec.Process(command, file);
      }
      case "python" -> {
        var file = optionalFile(f, path);
        var module = optionalString(f, "module", path);
        if (module != null && !PY_MODULE.matcher(module).matches()) {
          session.error(f.get("module").value(), ErrorCode.INVALID_IDENTIFIER, path + ".module",
              "module '" + abbreviate(module) + "' is not a dotted Python module name", null);
        }
        var function = optionalString(f, "function", path);
        if (function != null && !IDENTIFIER.matcher(function).matches()) {
          session.error(f.get("function").value(), ErrorCode.INVALID_IDENTIFIER, path + ".function",
              "function '" + abbreviate(function) + "' is not a Python identifier", null);
        }
        if (file == null && module == null && !f.containsKey("file") && !f.containsKey("module")) {
          session.error(t.keyNode, ErrorCode.MISSING_FIELD, path, "python task needs a 'file' or a 'module'",
              "add e.g. `file: tasks.py` and `function: main`");
        }
        return new ExecutorSpec.Python(file, module, function == null ? DEFAULT_PYTHON_FUNCTION : function);
      }
      case "lambda" -> {
        var function = required(t, "function", path, "the Lambda function name or ARN");
        var qualifier = optionalString(f, "qualifier", path);
        var handler = optionalString(f, "handler", path);
        return new ExecutorSpec.Lambda(function, qualifier, handler);
      }
      default -> {
        var cluster = required(t, "cluster", path, "the ECS cluster name or ARN");
        var taskDefinition = required(t, "task_definition", path, "the task definition family[:revision] or ARN");
        var container = required(t, "container", path, "the container name inside the task definition");
        var subnets = nodes.stringList(f.get("subnets"), path + ".subnets");
        var groups = nodes.stringList(f.get("security_groups"), path + ".security_groups");
        boolean publicIp = false;
        if (f.containsKey("assign_public_ip")) {
          var b = nodes.bool(f.get("assign_public_ip").value(), path + ".assign_public_ip");
          publicIp = b != null && b;
        }
        var command = optionalString(f, "command", path);
        var env = new TreeMap<String, String>();
        var envEntry = f.get("environment");
        if (envEntry != null && !isNull(envEntry.value())) {
          if (envEntry.value() instanceof MappingNode em) {
            for (var e : nodes.mapping(em, path + ".environment", null, null).values()) {
              var v = nodes.scalarText(e.value(), path + ".environment." + e.key());
              if (v != null) env.put(e.key(), v);
            }
          } else {
            session.error(envEntry.value(), ErrorCode.WRONG_KIND, path + ".environment",
                "environment must be a mapping of NAME: value, got " + kind(envEntry.value()), null);
          }
        }
        return new ExecutorSpec.Ecs(cluster, taskDefinition, container, subnets, groups, publicIp, command, env);
      }
    }
  }

  private String required(TaskDraft t, String key, String path, String what) {
    var e = t.fields.get(key);
    if (e == null) {
      session.error(t.keyNode, ErrorCode.MISSING_FIELD, path, "missing required field '" + key + "' (" + what + ")", null);
      return null;
    }
    return nodes.string(e.value(), path + "." + key, true);
  }

  private String optionalString(Map<String, MappingEntry> f, String key, String path) {
    var e = f.get(key);
    return e == null ? null : nodes.string(e.value(), path + "." + key, true);
  }

  private String optionalFile(Map<String, MappingEntry> f, String path) {
    var e = f.get("file");
    if (e == null) return null;
    var file = nodes.string(e.value(), path + ".file", true);
    if (file == null || session.root == null) return file;
    try {
      var p = session.root.resolve(file);
      if (!session.files.isRegularFile(p)) {
        session.error(e.value(), ErrorCode.TASK_FILE_NOT_FOUND, path + ".file",
            "file '" + abbreviate(file) + "' not found" + (Path.of(file).isAbsolute() ? "" : " in the workflow folder"),
            "paths are relative to the folder of the workflow file");
      }
    } catch (InvalidPathException ex) {
      session.error(e.value(), ErrorCode.TASK_FILE_NOT_FOUND, path + ".file", "'" + abbreviate(file) + "' is not a valid path", null);
    }
    return file;
  }
}
