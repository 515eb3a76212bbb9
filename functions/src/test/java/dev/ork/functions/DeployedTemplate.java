package dev.ork.functions;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * The plain CloudFormation AWS deploys for template.yaml: scripts/deployed-template.py runs the SAM
 * translator (aws-sam-translator, on the machine image's python3) and the result is kept in
 * functions/target/deployed-template.json for cfn-lint and the IAM checks. Where python3 or the
 * translator is missing, the caller skips with the printed reason.
 */
final class DeployedTemplate {
  static final Path OUTPUT = Path.of("target", "deployed-template.json");
  private static Map<String, Object> cached;

  private DeployedTemplate() {}

  /** Translates once per JVM; skips (with the reason printed) where the tools are absent. */
  static synchronized Map<String, Object> load() throws IOException, InterruptedException {
    if (cached != null) return cached;
    requirePython("samtranslator", "aws-sam-translator");
    var root = SamTemplate.locate().getParent();
    var result = run(root, List.of("python3", root.resolve("scripts/deployed-template.py").toString(),
        SamTemplate.locate().toString()));
    if (result.exit != 0) throw new AssertionError("the SAM translator rejected template.yaml:\n" + result.output);
    Files.createDirectories(OUTPUT.toAbsolutePath().getParent());
    Files.writeString(OUTPUT, result.output);
    @SuppressWarnings("unchecked")
    Map<String, Object> parsed = new ObjectMapper().readValue(result.output, Map.class);
    cached = parsed;
    return cached;
  }

  /** Skips the calling test, saying why, unless python3 can import the module. */
  static void requirePython(String module, String pipName) throws IOException, InterruptedException {
    String reason = null;
    if (!CfnLintTest.onPath("python3")) {
      reason = "python3 is not on PATH";
    } else if (run(Path.of(""), List.of("python3", "-c", "import " + module)).exit != 0) {
      reason = "python3 has no " + pipName + " (pip install " + pipName + ")";
    }
    if (reason != null) {
      System.out.println("[DeployedTemplate] skipped: " + reason + "; the translated-template checks did not run");
      Assumptions.abort(reason);
    }
  }

  record Result(int exit, String output) {}

  /** Runs a command, stdout only (stderr is appended after it on failure). */
  static Result run(Path dir, List<String> command) throws IOException, InterruptedException {
    var err = Files.createTempFile("ork-deployed-", ".err");
    try {
      var process = new ProcessBuilder(new ArrayList<>(command)).directory(dir.toAbsolutePath().toFile())
          .redirectError(err.toFile()).start();
      var out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(180, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new AssertionError("timed out: " + command);
      }
      var exit = process.exitValue();
      return new Result(exit, exit == 0 ? out : out + Files.readString(err));
    } finally {
      Files.deleteIfExists(err);
    }
  }
}
