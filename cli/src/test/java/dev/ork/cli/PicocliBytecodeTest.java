package dev.ork.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The picocli the CLI runs is vendor/picocli's build for Java 21, not picocli's Java 5 jar: class-data
 * archives leave Java 5 classes out, and every start loaded and verified them (docs/adr/0006-cli-start-jars.md).
 */
class PicocliBytecodeTest {

  @Test
  void picocliClasses_areJava21Bytecode() throws Exception {
    try (var in = picocli.CommandLine.class.getResourceAsStream("CommandLine.class")) {
      var header = in.readNBytes(8);
      int major = ((header[6] & 0xff) << 8) | (header[7] & 0xff);
      assertThat(major).as("class file major version of picocli.CommandLine (49 = Java 5, 65 = Java 21)").isEqualTo(65);
    }
    assertThat(picocli.CommandLine.class.getProtectionDomain().getCodeSource().getLocation().toString())
        .as("where picocli.CommandLine comes from").contains("picocli").doesNotContain("info/picocli");
  }
}
