package dev.ork.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `ork run` in a JVM of its own leaves no task input files behind: neither the per-attempt ones nor the
 * shared file of tasks without inputs, nor their folder (under $XDG_RUNTIME_DIR, pointed at a folder of this test).
 */
class InputFilesCleanupTest {

  @Test
  void aFinishedRun_leavesNothingInTheInputFolder(@TempDir Path dir) throws Exception {
    var runtimeDir = Files.createDirectory(dir.resolve("xdg"));
    var flow = Files.writeString(dir.resolve("flow.yaml"), """
        name: inputs
        tasks:
          first: {executor: process, command: 'cat "$ORK_INPUT_FILE"'}
          second: {executor: process, command: 'cat "$ORK_INPUT_FILE"', depends_on: [first], input_type: {n: int}, inputs: {n: {const: 1}}}
          third: {executor: process, command: 'cat "$ORK_INPUT_FILE"'}
        """);
    var javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    var pb = new ProcessBuilder(javaBin, "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"), OrkCli.class.getName(),
        "run", "-q", flow.toString(), "--db", dir.resolve("ork.db").toString())
        .redirectErrorStream(true).redirectOutput(dir.resolve("out.txt").toFile());
    pb.environment().put("XDG_RUNTIME_DIR", runtimeDir.toString());
    var process = pb.start();
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("ork run ended").isTrue();
    assertThat(process.exitValue()).as(Files.readString(dir.resolve("out.txt"))).isZero();
    try (var left = Files.walk(runtimeDir)) {
      assertThat(left.filter(p -> !p.equals(runtimeDir)).map(runtimeDir::relativize).toList())
          .as("left in $XDG_RUNTIME_DIR").isEmpty();
    }
  }
}
