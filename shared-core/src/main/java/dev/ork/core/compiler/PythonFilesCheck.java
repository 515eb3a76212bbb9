package dev.ork.core.compiler;

import dev.ork.core.workflow.ExecutorSpec;
import dev.ork.core.workflow.TypeExpr;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/** Runs {@link PythonTaskCheck} on every python task whose file exists, reading each file once. */
final class PythonFilesCheck {

  private PythonFilesCheck() {}

  /** Python tasks with a readable file: function and inputs checked against the real signature. */
  static void run(CompileSession session) {
    if (session.pythonSignatures == null || session.root == null) return;
    var modules = new java.util.HashMap<Path, java.util.Optional<PythonSignatures.PythonModule>>();
    for (var t : session.tasks.values()) {
      if (!(t.executor instanceof ExecutorSpec.Python py) || py.file() == null) continue;
      Path source;
      try {
        source = session.root.resolve(py.file());
      } catch (InvalidPathException e) {
        continue;
      }
      if (!session.files.isRegularFile(source)) continue;
      var module = modules.computeIfAbsent(source, session.pythonSignatures::read);
      if (module.isEmpty()) continue;
      var fields = t.fields;
      var site = new PythonTaskCheck.Site(t.name, py.file(), py.function(), fields.get("file").value(),
          fields.containsKey("function") ? fields.get("function").value() : null,
          fields.containsKey("inputs") ? fields.get("inputs").keyNode() : t.keyNode, t.bindingNodes,
          t.inputType instanceof TypeExpr.ObjectType o ? o.fields() : null);
      PythonTaskCheck.check(site, module.get(), session::error);
    }
  }
}
