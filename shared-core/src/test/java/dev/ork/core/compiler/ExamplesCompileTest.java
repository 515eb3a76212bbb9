package dev.ork.core.compiler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ork.core.testing.DiskFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every workflow under the repository's examples/ folder must compile. */
class ExamplesCompileTest {
  static final Path EXAMPLES = Path.of("../examples");

  @Test
  void everyExampleWorkflow_compiles_whenValidated() throws IOException {
    List<Path> files;
    try (var walk = Files.walk(EXAMPLES)) {
      files = walk.filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml")).sorted().toList();
    }
    assertThat(files).extracting(p -> EXAMPLES.relativize(p).toString().replace('\\', '/'))
        .contains("elt/elt.yaml", "retries/retries.yaml", "diamond/diamond.yaml", "parallel/parallel.yaml",
            "scalars/scalars.yaml");
    var compiler = new WorkflowCompiler().withFiles(DiskFiles.INSTANCE);
    for (var file : files) {
      var result = compiler.compile(file);
      assertThat(result.render()).as(file.toString()).isEmpty();
    }
  }

  @Test
  void eltExample_hasBronzeSilverGoldOrder_whenCompiled() {
    var wf = new WorkflowCompiler().withFiles(DiskFiles.INSTANCE).compile(EXAMPLES.resolve("elt/elt.yaml")).workflow();
    assertThat(wf.tasks()).hasSize(7);
    assertThat(wf.topologicalOrder().get(6)).isEqualTo("gold_analytics");
    assertThat(wf.requireTask("bronze_posts").retries()).isEqualTo(1);
    assertThat(wf.schedule()).isEqualTo("0 6 * * *");
  }
}
