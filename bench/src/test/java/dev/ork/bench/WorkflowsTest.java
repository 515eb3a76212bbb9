package dev.ork.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ork.core.workflow.CompiledTask;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Correctness only (no timing): the cost report's workload is the DAG it says it is. */
class WorkflowsTest {
  @TempDir Path root;

  @Test
  void chainsAreIndependentChainsOfTheGivenDepth() {
    var wf = Workflows.chains("cost", 3, 4, "true", root);
    assertThat(wf.tasks()).hasSize(12);
    assertThat(wf.tasks().stream().filter(CompiledTask::isRoot).map(CompiledTask::name))
        .containsExactlyInAnyOrder("c0_0", "c1_0", "c2_0");
    assertThat(wf.requireTask("c1_3").dependsOn()).containsExactly("c1_2");
  }
}
