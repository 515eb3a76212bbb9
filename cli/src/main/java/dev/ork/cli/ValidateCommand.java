package dev.ork.cli;

import dev.ork.core.compiler.CompileResult;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code ork validate <files...>}: every problem of every file, compiler style. */
@Command(
    name = "validate",
    aliases = "validate-workflow", // ork's name for it
    description = "Check workflow files and report every problem with file:line:col. Exit 0 when all are valid, 2 otherwise.")
public final class ValidateCommand implements Callable<Integer> {

  @CommandLine.Parameters(arity = "1..*", paramLabel = "<file>", description = "Workflow YAML files.")
  List<Path> files;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    var out = spec.commandLine().getOut();
    var err = spec.commandLine().getErr();
    boolean allValid = true;
    for (var file : files) {
      var result = LocalCompiler.compile(file, err);
      if (result instanceof CompileResult.Compiled c) {
        var wf = c.workflow();
        out.println("✓ " + file + ": workflow '" + wf.name() + "' is valid (" + wf.tasks().size()
            + (wf.tasks().size() == 1 ? " task)" : " tasks)"));
      } else {
        allValid = false;
        err.println(result.render());
        int n = result.diagnostics().size();
        err.println("✗ " + file + ": " + n + (n == 1 ? " error" : " errors"));
      }
    }
    out.flush();
    err.flush();
    return allValid ? OrkCli.EXIT_OK : OrkCli.EXIT_INVALID;
  }
}
