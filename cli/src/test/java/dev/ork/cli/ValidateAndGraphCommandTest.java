package dev.ork.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ValidateAndGraphCommandTest {
  @TempDir Path dir;

  static OrkCli.Captured ork(String... args) {
    return OrkCli.executeCaptured(args);
  }

  Path write(String name, String yaml) throws Exception {
    var p = dir.resolve(name);
    Files.writeString(p, yaml);
    return p;
  }

  static final String DIAMOND = """
      name: diamond
      tasks:
        start: {executor: process, command: echo s}
        left: {executor: process, command: echo l, depends_on: [start]}
        right: {executor: process, command: echo r, depends_on: [start]}
        join: {executor: process, command: echo j, depends_on: [left, right]}
      """;

  @Test
  void validate_exitsZeroAndPrintsTick_whenAllFilesValid() throws Exception {
    var a = write("a.yaml", DIAMOND);
    var run = ork("validate", a.toString());
    assertThat(run.exit()).isZero();
    assertThat(run.out()).contains("✓ " + a + ": workflow 'diamond' is valid (4 tasks)");
    assertThat(run.err()).isEmpty();
  }

  @Test
  void validate_exitsTwoAndPrintsEveryDiagnostic_whenOneFileInvalid() throws Exception {
    var good = write("good.yaml", DIAMOND);
    var bad = write("bad.yaml", "name: bad\ntasks:\n  a:\n    executor: proces\n    command: echo\n    depends_on: [zz]\n");
    var run = ork("validate", good.toString(), bad.toString());
    assertThat(run.exit()).isEqualTo(OrkCli.EXIT_INVALID);
    assertThat(run.out()).contains("✓ " + good);
    assertThat(run.err())
        .contains(bad + ":4:15: error[unknown-executor]: tasks.a.executor: unknown executor 'proces'")
        .contains("  hint: did you mean 'process'?")
        .contains(bad + ":6:18: error[unknown-dependency]")
        .contains("✗ " + bad + ": 2 errors")
        .doesNotContain("Exception");
  }

  @Test
  void validate_exitsTwoWithDiagnostic_whenFileMissing() {
    var run = ork("validate", dir.resolve("nope.yaml").toString());
    assertThat(run.exit()).isEqualTo(OrkCli.EXIT_INVALID);
    assertThat(run.err()).contains("nope.yaml:1:1: error[file-not-readable]: $: file not found");
  }

  @Test
  void validate_exitsUsage_whenNoFileGiven() {
    var run = ork("validate");
    assertThat(run.exit()).isEqualTo(OrkCli.EXIT_USAGE);
    assertThat(run.err()).contains("error:");
  }

  @Test
  void graph_printsTopologicalText_whenValid() throws Exception {
    var a = write("a.yaml", DIAMOND);
    var run = ork("graph", a.toString());
    assertThat(run.exit()).isZero();
    assertThat(run.out()).contains("workflow diamond (4 tasks, sha256:")
        .containsSubsequence(" 1. start", " 2. left", " 3. right", " 4. join")
        .contains("after: left, right");
  }

  @Test
  void graph_printsMermaid_whenFormatMermaid() throws Exception {
    var a = write("a.yaml", DIAMOND);
    var run = ork("graph", a.toString(), "--format", "mermaid");
    assertThat(run.exit()).isZero();
    assertThat(run.out()).startsWith("graph TD\n").contains("  start --> left\n").contains("  right --> join\n");
  }

  @Test
  void graph_exitsTwoWithDiagnostics_whenInvalid() throws Exception {
    var a = write("a.yaml", "name: x\ntasks: {}\n");
    var run = ork("graph", a.toString());
    assertThat(run.exit()).isEqualTo(OrkCli.EXIT_INVALID);
    assertThat(run.err()).contains("error[no-tasks]");
  }

  @Test
  void graph_exitsUsage_whenFormatUnknown() throws Exception {
    var a = write("a.yaml", DIAMOND);
    assertThat(ork("graph", a.toString(), "--format", "dot").exit()).isEqualTo(OrkCli.EXIT_USAGE);
  }
}
