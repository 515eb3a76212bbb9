package dev.ork.core.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Keeps docs/state-machines.md in step with the transition tables. To regenerate the diagrams after
 * changing a table: {@code ./mvnw -pl shared-core test -Dtest=StateMachineDocTest -Dork.writeDocs=true}.
 */
class StateMachineDocTest {
  private static final Path DOC = Path.of("..", "docs", "state-machines.md");
  private static final String BEGIN = "<!-- generated:%s:begin -->";
  private static final String END = "<!-- generated:%s:end -->";

  @Test
  void stateMachinesDoc_showsTheCurrentTables() throws Exception {
    var doc = Files.readString(DOC);
    var expected = replace(replace(doc, "run", RunTransitions.TABLE), "task", TaskTransitions.TABLE);
    if (Boolean.getBoolean("ork.writeDocs")) {
      Files.writeString(DOC, expected);
      return;
    }
    assertThat(doc).as("docs/state-machines.md is out of date; regenerate it (see this test's javadoc)")
        .isEqualTo(expected);
  }

  @Test
  void everyStatus_isDocumented() throws Exception {
    var doc = Files.readString(DOC);
    for (var s : RunStatus.values()) assertThat(doc).contains("| `" + s.wireName() + "` |");
    for (var s : TaskStatus.values()) assertThat(doc).contains("| `" + s.wireName() + "` |");
  }

  private static String replace(String doc, String name, StateMachine<?, ?> table) {
    var begin = BEGIN.formatted(name);
    var end = END.formatted(name);
    int a = doc.indexOf(begin);
    int b = doc.indexOf(end);
    assertThat(a).as("marker " + begin).isGreaterThanOrEqualTo(0);
    assertThat(b).as("marker " + end).isGreaterThan(a);
    var block = begin + "\n```mermaid\n" + table.mermaid() + "```\n";
    return doc.substring(0, a) + block + doc.substring(b);
  }
}
