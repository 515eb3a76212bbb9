package dev.ork.cli.remote;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ork.cli.OrkCli;
import dev.ork.core.compiler.CompileResult;
import dev.ork.core.compiler.WorkflowCompiler;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine;

/** {@code ork remote register <flow.yaml>}: compile locally, then PUT /workflows/{name}. */
@Command(name = "register", description = {
    "Check a workflow file with the same compiler as the API, then register it (a new version if it exists).",
    "Problems are reported as file:line:col, whether found here or by the API. Exit 0 registered, 2 invalid."})
final class RegisterCommand extends RemoteVerb {
  @CommandLine.Parameters(paramLabel = "<file>", description = "The workflow YAML.")
  Path file;

  @CommandLine.Option(names = "--skip-local-check",
      description = "Send the file without compiling it here first (the API compiles it anyway).")
  boolean skipLocalCheck;

  @CommandLine.Option(names = "--name", description = "Register under this name (default: the file's `name:`). The API "
      + "rejects a name that differs from the YAML's.")
  String name;

  @Override
  int call(OrkApi api) {
    String yaml;
    try {
      yaml = Files.readString(file);
    } catch (IOException e) {
      var why = e instanceof NoSuchFileException ? "no such file" : e.getMessage();
      throw ApiProblem.setup("invalid_input", "cannot read " + file + ": " + why, null);
    }
    var target = name;
    if (!skipLocalCheck) {
      var result = new WorkflowCompiler().compileSource(yaml, file.toString(), null);
      if (result instanceof CompileResult.Invalid) {
        err().println(result.render());
        failed(result.diagnostics().size(), "nothing sent");
        return OrkCli.EXIT_INVALID;
      }
      if (target == null) target = result.workflow().name();
    }
    if (target == null) target = file.getFileName().toString().replaceFirst("\\.ya?ml$", "");
    JsonNode workflow;
    try {
      workflow = api.put("/workflows/" + OrkApi.encode(target), yaml, "application/yaml");
    } catch (ApiProblem p) {
      if (!p.code.equals("invalid_workflow") || p.error == null || !p.error.path("diagnostics").isArray()) throw p;
      var diagnostics = p.error.path("diagnostics");
      diagnostics.forEach(d -> err().println(render(d)));
      failed(diagnostics.size(), "rejected by the API");
      return OrkCli.EXIT_INVALID;
    }
    out().println("✓ " + file + ": workflow '" + workflow.path("name").asText() + "' registered, snapshot "
        + workflow.path("snapshot").asText() + (workflow.path("created").asBoolean() ? " (new workflow)" : ""));
    if (workflow.hasNonNull("schedule") && !workflow.path("scheduleEnabled").asBoolean()) {
      out().println("hint: its schedule is off; turn it on with `ork remote schedule " + target + " --enable`");
    }
    return OrkCli.EXIT_OK;
  }

  /** The API's diagnostic in the format of {@code ork validate}: {@code file:line:col: error[code]: path: message}. */
  private String render(JsonNode d) {
    var head = file + ":" + d.path("line").asInt() + ":" + d.path("col").asInt() + ": error[" + d.path("code").asText()
        + "]: " + d.path("path").asText() + ": " + d.path("message").asText();
    return d.hasNonNull("hint") ? head + "\n  hint: " + d.path("hint").asText() : head;
  }

  private void failed(int n, String what) {
    err().println("✗ " + file + ": " + n + (n == 1 ? " error" : " errors") + " (" + what + ")");
  }
}
