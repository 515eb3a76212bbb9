package dev.ork.core.compiler;

import dev.ork.core.workflow.CompiledWorkflow;
import java.util.List;
import java.util.stream.Collectors;

/** Either a compiled workflow or every problem found, sorted by position. */
public sealed interface CompileResult {

  record Compiled(CompiledWorkflow workflow) implements CompileResult {}

  record Invalid(List<Diagnostic> diagnostics) implements CompileResult {
    public Invalid {
      diagnostics = diagnostics.stream().sorted(Diagnostic.ORDER).toList();
      if (diagnostics.isEmpty()) throw new IllegalArgumentException("an invalid result needs a diagnostic");
    }
  }

  default boolean isValid() {
    return this instanceof Compiled;
  }

  /** The workflow; throws when the result is invalid. */
  default CompiledWorkflow workflow() {
    if (this instanceof Compiled c) return c.workflow();
    throw new IllegalStateException("workflow is invalid:\n" + render());
  }

  default List<Diagnostic> diagnostics() {
    return this instanceof Invalid i ? i.diagnostics() : List.of();
  }

  /** All diagnostics rendered, one after the other; empty for a valid workflow. */
  default String render() {
    return diagnostics().stream().map(Diagnostic::render).collect(Collectors.joining("\n"));
  }
}
