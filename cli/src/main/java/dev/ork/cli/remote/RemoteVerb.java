package dev.ork.cli.remote;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;

/** One {@code ork remote} verb: connects, calls, prints; an {@link ApiProblem} becomes one error line and its exit code. */
abstract class RemoteVerb implements Callable<Integer> {
  @CommandLine.Mixin ApiOptions options;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @CommandLine.ParentCommand RemoteCommand parent;

  abstract int call(OrkApi api);

  @Override
  public final Integer call() {
    try {
      return call(options.orElse(parent == null ? null : parent.options).connect());
    } catch (ApiProblem p) {
      report(p);
      return p.exitCode();
    } finally {
      out().flush();
      err().flush();
    }
  }

  void report(ApiProblem p) {
    err().println("error[" + p.code + "]: " + p.getMessage());
    if (p.hint != null) err().println("hint: " + p.hint);
  }

  PrintWriter out() {
    return spec.commandLine().getOut();
  }

  PrintWriter err() {
    return spec.commandLine().getErr();
  }
}
