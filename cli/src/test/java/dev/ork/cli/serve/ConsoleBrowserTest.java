package dev.ork.cli.serve;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ork.core.port.Clock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The console in a real browser: `ork serve` on a temp database with example workflows, driven through
 * headless Chromium by console/test/console.browser.mjs (playwright-core): start a run and watch its DAG
 * go green, open a failed task's log, navigate by keyboard, cancel a running run, filter the history,
 * open a 1,000-task run, show an AWS run's cost (the API's cost object, answered as on AWS); no console errors. Screenshots: cli/target/console-screenshots/.
 */
class ConsoleBrowserTest {
  @TempDir Path dir;

  @Test
  void theConsole_startsWatchesCancelsAndFilters_inHeadlessChromium() throws Exception {
    var repo = Path.of("").toAbsolutePath().getParent();
    var chromium = Path.of(System.getenv().getOrDefault("ORK_CHROMIUM", "/usr/bin/chromium"));
    skipUnless(Files.isExecutable(chromium), "no Chromium at " + chromium + " (scripts/test installs Debian's chromium; or set ORK_CHROMIUM)");
    skipUnless(Files.isDirectory(repo.resolve("node_modules/playwright-core")), "node_modules/playwright-core missing (run npm ci)");
    skipUnless(getClass().getResource("/console/index.html") != null, "the console was not built (console/build.sh needs Node.js)");

    var flows = Files.createDirectories(dir.resolve("flows"));
    Files.copy(repo.resolve("examples/diamond/diamond.yaml"), flows.resolve("diamond.yaml"));
    Files.copy(repo.resolve("examples/diamond/step.sh"), flows.resolve("step.sh"));
    Files.writeString(flows.resolve("broken.yaml"), """
        name: broken
        tasks:
          fetch: {executor: process, command: "echo fetched"}
          load: {executor: process, command: "echo 'disk is full' >&2; exit 3", depends_on: [fetch]}
        """);
    Files.writeString(flows.resolve("slow.yaml"), "name: slow\ntasks:\n  wait: {executor: process, command: \"sleep 60\"}\n");
    Files.writeString(flows.resolve("wide.yaml"), wide(1000));

    try (var serve = new ServeFixture(dir.resolve("ork.db"), List.of(flows), null, Clock.system())) {
      var out = repo.resolve("cli/target/console-screenshots");
      // the cost object the AWS API adds to a run, made by the API's own code (the bench's 100-task figures)
      var cost = dir.resolve("cost.json");
      Files.writeString(cost, dev.ork.api.RunCosts.node(new dev.ork.core.cost.RunUsage(734, 125.5, 123, 12, 2.5), "us-east-1",
          dev.ork.core.cost.ListPrices.Architecture.ARM64).toString());
      var node = new ProcessBuilder("node", repo.resolve("console/test/console.browser.mjs").toString(),
          "http://" + serve.host() + "/", out.toString(), cost.toString()).directory(repo.toFile()).redirectErrorStream(true).start();
      var finished = node.waitFor(240, TimeUnit.SECONDS);
      if (!finished) node.destroyForcibly();
      var log = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      System.out.println(log);
      assertThat(finished).as("the browser steps finished within 240 s:\n" + log).isTrue();
      assertThat(node.exitValue()).as(log).isZero();
      assertThat(out.resolve("run-succeeded.png")).exists();
    }
  }

  private static void skipUnless(boolean ok, String reason) {
    if (!ok) System.out.println("ConsoleBrowserTest skipped: " + reason);
    Assumptions.assumeTrue(ok, reason);
  }

  /** A 1,000-task workflow: one root, then a tree ten wide at each level. */
  private static String wide(int n) {
    var sb = new StringBuilder("name: wide\ntasks:\n");
    for (int i = 0; i < n; i++) {
      sb.append(String.format("  t%04d: {executor: process, command: \"true\"", i));
      if (i > 0) sb.append(String.format(", depends_on: [t%04d]", (i - 1) / 10));
      sb.append("}\n");
    }
    return sb.toString();
  }
}
