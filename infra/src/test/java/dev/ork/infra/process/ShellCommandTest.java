package dev.ork.infra.process;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ork.core.run.StatusUpdate.Kind;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Which process commands skip the shell (plain words naming a program on the PATH), and that both ways run alike. */
class ShellCommandTest extends ProcessExecutorFixture {
  static final String PATH = System.getenv("PATH");

  @Test
  void plainWordsNamingAProgram_areExecutedDirectly() {
    assertThat(ShellCommand.argv("true", PATH, root)).containsExactly("true");
    assertThat(ShellCommand.argv("  sleep\t0.1 ", PATH, root)).containsExactly("sleep", "0.1");
    assertThat(ShellCommand.argv("ls -l --color=never /tmp/a_b.c,d:e+f@g%", PATH, root))
        .containsExactly("ls", "-l", "--color=never", "/tmp/a_b.c,d:e+f@g%");
  }

  @ParameterizedTest
  @ValueSource(strings = {"echo hi", "cd /tmp", "exit 3", "pwd", "kill 1", "test -f x", "printf x", "FOO=1 env",
      "true; false", "true && false", "ls *.yaml", "echo $HOME", "ls ~", "cat <in", "ls >out", "ls | wc", "sleep 1 &",
      "echo 'a b'", "echo \"a\"", "echo a\\ b", "echo `date`", "(true)", "{ true; }", "ls #c", "ls [ab]", "ls x?",
      "no-such-program-ork-test", "if true; then true; fi", "true\nfalse"})
  void anythingTheShellWouldInterpret_orNotOnThePath_goesThroughSh(String command) {
    assertThat(ShellCommand.argv(command, PATH, root)).containsExactly("sh", "-c", command);
  }

  @Test
  void theTasksPathDecides_notOrks() {
    assertThat(ShellCommand.argv("true", "/nonexistent-folder", root)).containsExactly("sh", "-c", "true");
  }

  @Test
  void aRelativeProgramPath_isLookedUpInTheTasksDirectory_notOrks() throws Exception {
    var script = java.nio.file.Files.writeString(root.resolve("tool.sh"), "#!/bin/sh\necho tool\n");
    java.nio.file.Files.setPosixFilePermissions(script, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
    assertThat(java.nio.file.Path.of("tool.sh").toAbsolutePath()).doesNotExist(); // the JVM runs elsewhere
    assertThat(ShellCommand.argv("./tool.sh x", PATH, root)).containsExactly("./tool.sh", "x");
    assertThat(ShellCommand.argv("./missing.sh x", PATH, root)).containsExactly("sh", "-c", "./missing.sh x");
  }

  @Test
  void directAndShellCommands_reportTheSameExitCodeAndOutput() throws Exception {
    for (var command : List.of("false", "sh -c false")) {
      executor.launch(ProcessExecutorTest.command(command.replace(' ', '_'), 1, command, null));
      var u = statuses.next();
      assertThat(u.kind()).isEqualTo(Kind.FAILED);
      assertThat(u.error()).isEqualTo("exit code 1");
    }
    executor.launch(ProcessExecutorTest.command("missing", 1, "no-such-program-ork-test", null));
    var missing = statuses.next();
    assertThat(missing.kind()).isEqualTo(Kind.FAILED);
    assertThat(missing.error()).startsWith("exit code 127").contains("not found");
  }
}
