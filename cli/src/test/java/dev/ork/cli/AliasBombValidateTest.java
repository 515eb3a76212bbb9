package dev.ork.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 9, item 3: a 182 KB file (a 100 KB anchored command, 20,000 aliases to it) took `ork validate`
 * to 6.2 GB and an OutOfMemoryError. It must be refused with a located yaml-limit error by an `ork
 * validate` in a JVM of its own with a 256 MB heap.
 */
class AliasBombValidateTest {
  @TempDir Path dir;

  @Test
  void validate_rejectsAScalarAliasBombWithALocatedError_inA256MbHeap() throws Exception {
    var yaml = new StringBuilder("name: bomb\ntasks:\n  t:\n    executor: process\n    input_type: {many: [str]}\n    command: &s '")
        .append("x".repeat(100 * 1024)).append("'\n    inputs:\n      many:\n        const: [*s");
    for (int i = 1; i < 20_000; i++) yaml.append(", *s");
    var file = Files.writeString(dir.resolve("bomb.yaml"), yaml.append("]\n"));
    assertThat(Files.size(file)).isLessThan(200 * 1024);

    var java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    var out = dir.resolve("out.txt");
    long t0 = System.nanoTime();
    var p = new ProcessBuilder(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"), OrkCli.class.getName(),
        "validate", file.toString()).redirectErrorStream(true).redirectOutput(out.toFile()).start();
    boolean ended = p.waitFor(60, TimeUnit.SECONDS); // generous: the JVM start dominates; the check itself is linear
    if (!ended) p.destroyForcibly().waitFor();
    var printed = Files.readString(out);
    var took = String.format("%.1f s", (System.nanoTime() - t0) / 1e9);
    assertThat(ended).as("ork validate ended within 60 s; printed:\n" + printed).isTrue();
    assertThat(p.exitValue()).as("exit of ork validate (took " + took + "); printed:\n" + printed).isEqualTo(OrkCli.EXIT_INVALID);
    assertThat(printed)
        .contains(file + ":9:16: error[yaml-limit]")
        .contains("✗ " + file + ": 1 error")
        .doesNotContain("OutOfMemoryError")
        .doesNotContain("Exception");
  }
}
