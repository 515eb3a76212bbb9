package dev.ork.cli;

import dev.ork.core.workflow.CompiledTask;
import dev.ork.core.workflow.CompiledWorkflow;
import dev.ork.core.workflow.ExecutorSpec;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code ork graph <file> [--format text|mermaid]}: the compiled DAG. */
@Command(name = "graph", description = "Print a workflow's task graph in topological order (text) or as a Mermaid diagram.")
public final class GraphCommand implements Callable<Integer> {

  enum Format { text, mermaid }

  @CommandLine.Parameters(index = "0", paramLabel = "<file>", description = "Workflow YAML file.")
  Path file;

  @CommandLine.Option(names = "--format", defaultValue = "text", description = "text (default) or mermaid.")
  Format format;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    var result = LocalCompiler.compile(file, spec.commandLine().getErr());
    if (!result.isValid()) {
      spec.commandLine().getErr().println(result.render());
      spec.commandLine().getErr().flush();
      return OrkCli.EXIT_INVALID;
    }
    var out = spec.commandLine().getOut();
    out.print(format == Format.mermaid ? mermaid(result.workflow()) : text(result.workflow()));
    out.flush();
    return OrkCli.EXIT_OK;
  }

  static String text(CompiledWorkflow wf) {
    var sb = new StringBuilder();
    sb.append("workflow ").append(wf.name()).append(" (").append(wf.tasks().size()).append(" tasks, ")
        .append(wf.contentHash(), 0, Math.min(19, wf.contentHash().length())).append(")\n");
    if (wf.schedule() != null) sb.append("schedule: ").append(wf.schedule()).append('\n');
    int width = wf.tasks().stream().mapToInt(t -> t.name().length()).max().orElse(0);
    int n = 1;
    for (var name : wf.topologicalOrder()) {
      var t = wf.requireTask(name);
      sb.append(String.format("%2d. %-" + width + "s  [%s]", n++, t.name(), describe(t.executor())));
      sb.append("  after: ").append(t.dependsOn().isEmpty() ? "-" : String.join(", ", t.dependsOn()));
      if (t.inputType() != null) sb.append("  in: ").append(t.inputType());
      if (t.outputType() != null) sb.append("  out: ").append(t.outputType());
      if (t.retries() > 0) sb.append("  retries: ").append(t.retries());
      sb.append('\n');
      if (t.foreach() != null) sb.append("    ").append(" ".repeat(width)).append("└ ").append(foreach(t)).append('\n');
    }
    return sb.toString();
  }

  /** {@code foreach tasks.a.output.xs, 3 at a time: one instance t[i] per element}. */
  static String foreach(CompiledTask t) {
    var f = t.foreach();
    return "foreach " + f.list().expression() + (f.maxConcurrency() == null ? "" : ", " + f.maxConcurrency() + " at a time")
        + ": one instance " + t.name() + "[i] per element";
  }

  static String describe(ExecutorSpec e) {
    return switch (e) {
      case ExecutorSpec.Process p -> "process " + (p.command() != null ? p.command() : p.file());
      case ExecutorSpec.Python p -> "python " + (p.file() != null ? p.file() : p.module()) + ":" + p.function();
      case ExecutorSpec.Lambda l -> "lambda " + l.function();
      case ExecutorSpec.Ecs x -> "ecs " + x.cluster() + "/" + x.taskDefinition();
    };
  }

  static String mermaid(CompiledWorkflow wf) {
    var sb = new StringBuilder("graph TD\n");
    for (CompiledTask t : wf.tasks()) {
      if (t.foreach() != null) { // a stacked node: many instances
        sb.append("  ").append(t.name()).append("[[\"").append(t.name()).append("[i]<br/>").append(t.executor().kind())
            .append(" · foreach ").append(t.foreach().list().expression())
            .append(t.foreach().maxConcurrency() == null ? "" : " · max " + t.foreach().maxConcurrency()).append("\"]]\n");
        continue;
      }
      sb.append("  ").append(t.name()).append("[\"").append(t.name()).append("<br/>").append(t.executor().kind())
          .append("\"]\n");
    }
    for (CompiledTask t : wf.tasks()) {
      for (var d : t.dependsOn()) sb.append("  ").append(d).append(" --> ").append(t.name()).append('\n');
    }
    return sb.toString();
  }
}
