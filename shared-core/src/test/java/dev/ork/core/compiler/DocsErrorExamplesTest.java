package dev.ork.core.compiler;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The error-code examples in docs/workflow-yaml.md are the golden fixtures (issue 9: 4 examples showed
 * fewer errors than `ork validate` prints): each example's YAML is its fixture's and its output is the
 * fixture's {@code .expected}, which WorkflowFixturesTest checks against the compiler; every code has one.
 */
class DocsErrorExamplesTest {
  static final Path DOC = Path.of("../docs/workflow-yaml.md");
  static final Path FIXTURES = WorkflowFixturesTest.ROOT.resolve("invalid");
  static final Pattern EXAMPLE = Pattern.compile(
      "### `([a-z0-9-]+)`\\n.*?Example \\(`([a-z0-9-]+)\\.yaml`\\):\\n\\n```yaml\\n(.*?)```\\n\\n```text\\n(.*?)```", Pattern.DOTALL);

  @Test
  void everyErrorCodeExample_matchesItsGoldenFixture() throws Exception {
    var doc = Files.readString(DOC);
    var drift = new ArrayList<String>();
    var documented = new ArrayList<String>();
    var m = EXAMPLE.matcher(doc);
    while (m.find()) {
      documented.add(m.group(1));
      var yaml = FIXTURES.resolve(m.group(2) + ".yaml");
      if (!Files.exists(yaml)) {
        drift.add(m.group(2) + ".yaml: no such fixture in " + FIXTURES);
        continue;
      }
      var text = new String(Files.readAllBytes(yaml), StandardCharsets.UTF_8);
      boolean special = text.startsWith("# ork-fixture:") || text.contains("\uFFFD"); // generated or not UTF-8
      if (!special && !text.equals(m.group(3))) drift.add(m.group(2) + ".yaml: the doc's YAML is not the fixture's");
      var expected = Files.readString(WorkflowFixturesTest.expectedOf(yaml));
      if (!expected.equals(m.group(4))) drift.add(m.group(2) + ".yaml: the doc's output is not " + m.group(2) + ".expected");
    }
    assertThat(drift).as("docs/workflow-yaml.md examples that drifted (copy them from " + FIXTURES + ")").isEmpty();
    List<String> codes = Arrays.stream(ErrorCode.values()).filter(c -> !c.needsPython()).map(ErrorCode::code).toList();
    assertThat(documented).as("error codes with an example section").containsAll(codes);
  }
}
