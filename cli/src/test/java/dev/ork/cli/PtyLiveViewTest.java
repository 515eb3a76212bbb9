package dev.ork.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 9, item 6, end to end: a real `ork run` of 55 tasks on a pseudo-terminal of 30 rows (util-linux
 * `script`), its bytes replayed on a virtual 30×80 screen. The live table used to push 324 lines into
 * the scrollback; now no task row reaches it before the summary.
 */
class PtyLiveViewTest {
  private static final int TASKS = 55;

  @TempDir Path dir;

  @Test
  void fiftyFiveTasksOnThirtyRows_noTaskRowScrollsAway_whileTheRunIsDrawn() throws Exception {
    Assumptions.assumeTrue(onPath("script") && onPath("stty"), "PtyLiveViewTest SKIPPED: no util-linux `script`/`stty` to make a pty");
    var yaml = new StringBuilder("name: wide\ntasks:\n");
    for (int i = 1; i <= TASKS; i++) yaml.append(String.format("  task_%02d: {executor: process, command: 'sleep 0.3'}%n", i));
    var flow = Files.writeString(dir.resolve("wide.yaml"), yaml);
    var java = Path.of(System.getProperty("java.home"), "bin", "java");
    var command = "stty rows 30 cols 80; exec '" + java + "' --enable-native-access=ALL-UNNAMED dev.ork.cli.OrkCli run '" + flow + "' --db '" + dir.resolve("ork.db") + "'";
    var typescript = dir.resolve("pty.txt");
    var pb = new ProcessBuilder("script", "-qefc", command, "/dev/null").redirectErrorStream(true)
        .redirectOutput(typescript.toFile()).redirectInput(ProcessBuilder.Redirect.PIPE);
    pb.environment().put("CLASSPATH", System.getProperty("java.class.path"));
    var script = pb.start();
    assertThat(script.waitFor(120, TimeUnit.SECONDS)).as("ork run on the pty ended").isTrue();
    var bytes = Files.readString(typescript);
    assertThat(script.exitValue()).as(bytes).isZero();

    int summary = bytes.indexOf("succeeded in");
    assertThat(summary).as(bytes).isPositive();
    var live = bytes.substring(0, bytes.lastIndexOf('\n', summary));
    assertThat(live).as("it drew on the pty, redrawing in place").contains("\u001b[29F");
    var screen = new VirtualScreen(30, 80);
    screen.write(live);
    assertThat(screen.scrollback).as("scrollback before the summary (only the run's header, wrapped, may go)")
        .hasSizeLessThan(5).noneSatisfy(l -> assertThat(l).contains("task_"));
    assertThat(screen.lines()).hasSizeLessThanOrEqualTo(30).doesNotHaveDuplicates()
        .anySatisfy(l -> assertThat(l).startsWith("  " + TASKS + " tasks: " + TASKS + " succeeded"));
  }

  private static boolean onPath(String tool) {
    return java.util.Arrays.stream(System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator))
        .anyMatch(d -> Files.isExecutable(Path.of(d, tool)));
  }
}
