package dev.ork.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ork.core.run.RunStatus;
import dev.ork.core.run.TaskStatus;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Correctness only (no timing): the benchmark harness runs a 3-task chain to success. */
class BenchSmokeTest {
  @TempDir Path root;

  @Test
  void harnessRunsAThreeTaskChain() throws Exception {
    try (var h = new LocalHarness(root.resolve("ork.db").toString(), root, 2)) {
      var r = h.run(Workflows.chain("smoke", 3, LocalThroughputBench.COMMAND, root), true);
      assertThat(r.run().status()).isEqualTo(RunStatus.SUCCEEDED);
      assertThat(r.tasks()).hasSize(3).allMatch(t -> t.status() == TaskStatus.SUCCEEDED);
      assertThat(h.launchedNs).hasSize(3);
      assertThat(h.reportedNs).hasSize(3);
    }
  }
}
