package dev.ork.core.engine;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ork.core.workflow.CompiledWorkflow;
import dev.ork.core.workflow.TypeCheck;
import dev.ork.core.workflow.TypeExpr;
import java.util.ArrayList;

/** Checks a run's input overrides ({@code {"task.arg": value}}) against the workflow before it starts. */
final class Overrides {
  private Overrides() {}

  static void check(CompiledWorkflow wf, JsonNode overrides) {
    if (overrides == null || overrides.isNull() || overrides.isEmpty()) return;
    if (!overrides.isObject()) throw invalid("run inputs must be an object of \"task.arg\": value");
    var problems = new ArrayList<String>();
    overrides.fields().forEachRemaining(e -> {
      var key = e.getKey();
      int dot = key.indexOf('.');
      if (dot <= 0 || dot == key.length() - 1) {
        problems.add("'" + key + "': name an input as task.arg");
        return;
      }
      var task = wf.task(key.substring(0, dot)).orElse(null);
      var arg = key.substring(dot + 1);
      if (task == null) {
        problems.add("'" + key + "': workflow '" + wf.name() + "' has no task '" + key.substring(0, dot) + "'");
      } else if (!task.inputs().containsKey(arg)) {
        problems.add("'" + key + "': task '" + task.name() + "' has no input '" + arg + "' (it has: "
            + String.join(", ", task.inputs().keySet()) + ")");
      } else if (task.inputType() instanceof TypeExpr.ObjectType o && o.fields().containsKey(arg)) {
        TypeCheck.problems(o.fields().get(arg), e.getValue())
            .forEach(p -> problems.add("'" + key + "': " + p.replaceFirst("^\\$", arg)));
      }
    });
    if (!problems.isEmpty()) throw invalid(String.join("; ", problems));
  }

  private static EngineException invalid(String message) {
    return new EngineException(EngineException.Code.INVALID_INPUT, message);
  }
}
