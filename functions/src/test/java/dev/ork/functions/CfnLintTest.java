package dev.ork.functions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Runs npm {@code cfn-lint} 1.9.7 (package.json; scripts/test runs {@code npm ci}) over template.yaml
 * and fails on every finding not in {@link #KNOWN_FALSE_POSITIVES}. That linter carries a 2019-era
 * resource specification, so it rejects properties and types AWS added since; each allow-list entry
 * is such a property, checked instead by {@link TemplateTest}. Anything else it reports (unknown or
 * misspelt property, Ref/GetAtt to a missing resource or attribute, missing required property, wrong
 * value type) fails the build. Missing Node.js or cfn-lint fails with how to install it.
 */
class CfnLintTest {

  /** Stale-spec findings, one pattern per message (see docs/deploy.md, "Validation"). */
  static final List<Pattern> KNOWN_FALSE_POSITIVES = List.of(
      // Globals added by SAM in 2021 (Architectures) and 2023 (LoggingConfig).
      Pattern.compile("Invalid or unsupported SAM Globals property name: (Architectures|LoggingConfig)"),
      // AWS::Serverless::HttpApi (2020) is not in the old spec...
      Pattern.compile("Resource \\w+ has an invalid Type of AWS::Serverless::HttpApi\\."),
      // ...so its HttpApi events are validated as REST Api events, which have no ApiId.
      Pattern.compile("ApiId is not a valid property of AWS::Serverless::Function\\.ApiEvent"),
      // Function properties newer than the spec: SnapStart (2022), LoggingConfig (2023), EventInvokeConfig (2019-11).
      Pattern.compile("(SnapStart|LoggingConfig|EventInvokeConfig) is not a valid property of AWS::Serverless::Function"),
      // SQS event source properties: partial batch responses (2021), batching window (2020), maximum concurrency (2023).
      Pattern.compile("(FunctionResponseTypes|MaximumBatchingWindowInSeconds|ScalingConfig) is not a valid property of AWS::Serverless::Function\\.SQSEvent"),
      // SQS-managed server-side encryption (2021).
      Pattern.compile("SqsManagedSseEnabled is not a valid property of AWS::SQS::Queue"),
      // Lambda layers (SAM LayerVersion, and Layers in Globals, late 2018) are missing from the spec, so a
      // Ref in Globals.Function.Layers is flagged too; scoped to that path (patterns see "resource: message").
      Pattern.compile("Invalid or unsupported SAM Globals property name: Layers"),
      Pattern.compile("Resource \\w+ has an invalid Type of AWS::Serverless::LayerVersion\\."),
      Pattern.compile("^Globals > Function > Layers > \\d+: Intrinsic function Ref is not supported here$"));

  private static final Pattern ANSI = Pattern.compile("\u001B\\[[0-9;]*m");

  @Test
  void cfnLint_reportsNothingButKnownStaleSpecFindings_whenValidatingTemplate() throws Exception {
    var template = SamTemplate.locate();
    var root = template.getParent();
    var cfnLint = root.resolve("node_modules/.bin/cfn-lint");
    if (!onPath("node")) {
      fail("Node.js is not installed: the cfn-lint check over template.yaml needs it. Install Node.js >= 20,"
          + " then run `npm ci` in " + root + " (scripts/test does both checks and the install).");
    }
    if (!Files.isExecutable(cfnLint)) {
      fail(cfnLint + " is missing: run `npm ci` in " + root + " (scripts/test does) to install cfn-lint 1.9.7.");
    }
    var pb = new ProcessBuilder(cfnLint.toString(), "validate", template.toString())
        .directory(root.toFile()).redirectErrorStream(true);
    pb.environment().put("FORCE_COLOR", "0");
    pb.environment().put("NO_COLOR", "1");
    var process = pb.start();
    var output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("cfn-lint finished").isTrue();
    output = ANSI.matcher(output).replaceAll("");

    var findings = findings(output);
    var real = new ArrayList<String>();
    var allowed = 0;
    for (var f : findings) {
      if (KNOWN_FALSE_POSITIVES.stream().anyMatch(p -> p.matcher(f.resource + ": " + f.message).find())) {
        allowed++;
      } else {
        real.add(f.resource + ": " + f.message);
      }
    }
    System.out.printf("[CfnLintTest] cfn-lint exit %d, %d findings, %d allow-listed (stale spec), %d real%n",
        process.exitValue(), findings.size(), allowed, real.size());
    if (output.contains("Unable to parse template") || (process.exitValue() != 0 && findings.isEmpty())) {
      fail("cfn-lint could not check template.yaml (an unknown resource type crashes it):\n" + output);
    }
    assertThat(real).as("cfn-lint findings on template.yaml (full output below)\n" + output).isEmpty();
  }

  @Test
  void cfnLint_catchesAMisspeltProperty_whenTheTemplateHasOne() throws Exception {
    var root = SamTemplate.locate().getParent();
    var cfnLint = root.resolve("node_modules/.bin/cfn-lint");
    if (!onPath("node") || !Files.isExecutable(cfnLint)) {
      fail("Node.js and cfn-lint are needed (run `npm ci` in " + root + "; scripts/test does)");
    }
    // The linter must still catch real mistakes with our allow-list in place.
    var broken = Files.readString(SamTemplate.locate()).replace("VisibilityTimeout: 360", "VisibilityTimeoutt: 360");
    var tmp = Files.createTempFile("ork-template-", ".yaml");
    try {
      Files.writeString(tmp, broken);
      var pb = new ProcessBuilder(cfnLint.toString(), "validate", tmp.toString()).redirectErrorStream(true);
      pb.environment().put("FORCE_COLOR", "0");
      var process = pb.start();
      var output = ANSI.matcher(new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).replaceAll("");
      process.waitFor(120, TimeUnit.SECONDS);
      var real = findings(output).stream()
          .filter(f -> KNOWN_FALSE_POSITIVES.stream().noneMatch(p -> p.matcher(f.resource + ": " + f.message).find())).toList();
      assertThat(real).extracting(f -> f.message).anyMatch(m -> m.contains("VisibilityTimeoutt"));
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  record Finding(String resource, String message) {}

  /** cfn-lint prints "Resource: <path>" then "Message: <text>" per finding. */
  static List<Finding> findings(String output) {
    var result = new ArrayList<Finding>();
    String resource = null;
    for (var line : output.split("\\R")) {
      if (line.startsWith("Resource: ")) resource = line.substring("Resource: ".length()).trim();
      else if (line.startsWith("Message: ")) result.add(new Finding(resource, line.substring("Message: ".length()).trim()));
    }
    return result;
  }

  static boolean onPath(String program) {
    var path = System.getenv("PATH");
    if (path == null) return false;
    for (var dir : path.split(java.io.File.pathSeparator)) {
      if (Files.isExecutable(Path.of(dir, program))) return true;
    }
    return false;
  }
}
