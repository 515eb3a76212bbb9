package dev.ork.bench;

import dev.ork.core.compiler.CompileResult;
import dev.ork.core.compiler.WorkflowCompiler;
import dev.ork.core.workflow.CompiledWorkflow;
import java.nio.file.Path;

/** Benchmark workflows, built as YAML text and compiled like any user file. */
final class Workflows {
  private Workflows() {}

  /** {@code roots} independent chains of {@code depth} tasks each. */
  static CompiledWorkflow chains(String name, int roots, int depth, String command, Path root) {
    return chains(name, roots, depth, command, 0, root);
  }

  /** Chains of Lambda tasks (function {@code noop}), each with {@code timeout} seconds. */
  static CompiledWorkflow lambdaChains(String name, int roots, int depth, int timeout, Path root) {
    return chains(name, roots, depth, null, timeout, root);
  }

  /** As above, each task with {@code timeout} seconds (0: the default); a null command makes Lambda tasks. */
  private static CompiledWorkflow chains(String name, int roots, int depth, String command, int timeout, Path root) {
    var y = new StringBuilder("name: ").append(name).append("\ntasks:\n");
    for (int r = 0; r < roots; r++) {
      for (int d = 0; d < depth; d++) {
        y.append("  c").append(r).append("_").append(d).append(":\n");
        y.append(command == null ? "    executor: lambda\n    function: noop\n"
            : "    executor: process\n    command: '" + command + "'\n");
        if (timeout > 0) y.append("    timeout: ").append(timeout).append("\n");
        if (d > 0) y.append("    depends_on: [c").append(r).append("_").append(d - 1).append("]\n");
      }
    }
    return compile(y.toString(), root);
  }

  private static CompiledWorkflow compile(String yaml, Path root) {
    var result = new WorkflowCompiler().withFiles(dev.ork.infra.files.FileSystemWorkflowFiles.INSTANCE).compileSource(yaml, "bench.yaml", root);
    if (result instanceof CompileResult.Invalid invalid) throw new IllegalStateException(invalid.render());
    return result.workflow();
  }
}
