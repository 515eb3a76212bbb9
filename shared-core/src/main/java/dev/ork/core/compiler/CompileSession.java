package dev.ork.core.compiler;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.nodes.Node;

/** State shared by one compilation: the file, its folder, the tasks read so far and the diagnostics. */
final class CompileSession {

  final String file;
  final Path root;
  final List<Diagnostic> diagnostics = new ArrayList<>();
  final Map<String, TaskDraft> tasks = new LinkedHashMap<>();
  final WorkflowFiles files;
  final PythonSignatures pythonSignatures;

  /** {@code root} (the workflow folder) is null when task files are not checked; then so is {@code files}. */
  CompileSession(String file, Path root, WorkflowFiles files, PythonSignatures pythonSignatures) {
    this.file = file;
    this.root = root;
    this.files = files;
    this.pythonSignatures = pythonSignatures;
  }

  void error(Node at, ErrorCode code, String path, String message, String hint) {
    int line = at == null ? 1 : at.getStartMark().getLine() + 1;
    int col = at == null ? 1 : at.getStartMark().getColumn() + 1;
    diagnostics.add(new Diagnostic(file, line, col, code, path, message, hint));
  }
}
