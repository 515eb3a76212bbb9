package dev.ork.infra.process;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ork.core.run.StatusUpdate.Kind;
import dev.ork.core.workflow.ExecutorSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Inputs over Linux's 128 KiB per environment variable reach the task through ORK_INPUT_FILE (issue 9, item 7). */
class LargeInputTest extends ProcessExecutorFixture {
  static final ObjectMapper JSON = new ObjectMapper();
  /** 200 KiB of text: over the 128 KiB a single environment variable may hold, under the 256 KiB output cap. */
  static final String BIG = "x".repeat(200 * 1024);

  @Test
  void processTask_readsA200KiBInputFromOrkInputFile_andTheFileIsRemovedAfterTheAttempt() throws Exception {
    var input = JSON.createObjectNode().put("text", BIG);
    executor.launch(ProcessExecutorTest.command("big", 1,
        "test -z \"$ORK_INPUT_JSON\" || exit 3; echo \"$ORK_INPUT_FILE\" >&2;"
            + " printf 'ORK_OUTPUT:{\"bytes\":%s}\\n' $(wc -c < \"$ORK_INPUT_FILE\")", input));
    var u = statuses.next();
    assertThat(u.kind()).as(String.valueOf(u.error())).isEqualTo(Kind.SUCCEEDED);
    assertThat(u.output().get("bytes").asInt()).isEqualTo(JSON.writeValueAsString(input).length());
    var file = Path.of(logs.read("run-1", "big", 1, "stderr").strip());
    assertThat(file.getFileName().toString()).startsWith("input-").endsWith(".json");
    assertThat(file).doesNotExist();
  }

  @Test
  void processTask_getsBothVariables_whenTheInputIsSmall() throws Exception {
    executor.launch(ProcessExecutorTest.command("small", 1,
        "test \"$ORK_INPUT_JSON\" = \"$(cat \"$ORK_INPUT_FILE\")\" && echo 'ORK_OUTPUT:\"same\"'",
        JSON.readTree("{\"n\":1}")));
    var u = statuses.next();
    assertThat(u.kind()).as(String.valueOf(u.error())).isEqualTo(Kind.SUCCEEDED);
    assertThat(u.output().asText()).isEqualTo("same");
  }

  @Test
  void processTask_withoutInputs_getsAnEmptyObjectInBothVariables() throws Exception {
    executor.launch(ProcessExecutorTest.command("none", 1,
        "test \"$ORK_INPUT_JSON\" = '{}' && test \"$(cat \"$ORK_INPUT_FILE\")\" = '{}' && echo 'ORK_OUTPUT:\"empty\"'",
        JSON.createObjectNode()));
    var u = statuses.next();
    assertThat(u.kind()).as(String.valueOf(u.error())).isEqualTo(Kind.SUCCEEDED);
    assertThat(u.output().asText()).isEqualTo("empty");
  }

  @Test
  void tasksWithoutInputs_shareOneReadOnlyFile_thatOutlivesTheirAttempts() throws Exception {
    var files = new java.util.ArrayList<Path>();
    for (var name : new String[] {"e1", "e2"}) {
      executor.launch(ProcessExecutorTest.command(name, 1, "echo \"$ORK_INPUT_FILE\" >&2", JSON.createObjectNode()));
      assertThat(statuses.next().kind()).isEqualTo(Kind.SUCCEEDED);
      files.add(Path.of(logs.read("run-1", name, 1, "stderr").strip()));
    }
    assertThat(files.get(1)).isEqualTo(files.get(0));
    assertThat(files.get(0)).exists().hasContent("{}");
    assertThat(Files.getPosixFilePermissions(files.get(0)))
        .containsExactly(java.nio.file.attribute.PosixFilePermission.OWNER_READ);
    executor.launch(ProcessExecutorTest.command("given", 1, "echo \"$ORK_INPUT_FILE\" >&2", JSON.readTree("{\"n\":1}")));
    assertThat(statuses.next().kind()).isEqualTo(Kind.SUCCEEDED);
    var own = Path.of(logs.read("run-1", "given", 1, "stderr").strip());
    assertThat(own).isNotEqualTo(files.get(0)).doesNotExist(); // removed with its attempt
    assertThat(files.get(0)).exists();
  }

  @Test
  void sharedEmptyInputFileRemoved_theNextTaskGetsANewOne() throws Exception {
    executor.launch(ProcessExecutorTest.command("e1", 1, "echo \"$ORK_INPUT_FILE\" >&2", JSON.createObjectNode()));
    assertThat(statuses.next().kind()).isEqualTo(Kind.SUCCEEDED);
    var first = Path.of(logs.read("run-1", "e1", 1, "stderr").strip());
    Files.delete(first); // as a tmp cleaner might
    executor.launch(ProcessExecutorTest.command("e2", 1, "cat \"$ORK_INPUT_FILE\"", JSON.createObjectNode()));
    var u = statuses.next();
    assertThat(u.kind()).as(String.valueOf(u.error())).isEqualTo(Kind.SUCCEEDED);
    assertThat(logs.read("run-1", "e2", 1, "stdout").strip()).isEqualTo("{}");
  }

  @Test
  void inputFolderRemovedBetweenTasks_theNextTaskGetsANewOne() throws Exception {
    executor.launch(ProcessExecutorTest.command("first", 1, "dirname \"$ORK_INPUT_FILE\" >&2", JSON.readTree("{\"n\":1}")));
    assertThat(statuses.next().kind()).isEqualTo(Kind.SUCCEEDED);
    var folder = Path.of(logs.read("run-1", "first", 1, "stderr").strip());
    try (var left = Files.list(folder)) {
      left.forEach(f -> f.toFile().delete());
    }
    Files.delete(folder); // as a tmp cleaner might
    executor.launch(ProcessExecutorTest.command("second", 1, "cat \"$ORK_INPUT_FILE\"; dirname \"$ORK_INPUT_FILE\" >&2",
        JSON.readTree("{\"n\":2}")));
    var u = statuses.next();
    assertThat(u.kind()).as(String.valueOf(u.error())).isEqualTo(Kind.SUCCEEDED);
    assertThat(logs.read("run-1", "second", 1, "stdout").strip()).isEqualTo("{\"n\":2}");
    assertThat(Path.of(logs.read("run-1", "second", 1, "stderr").strip())).isNotEqualTo(folder).isDirectory();
  }

  @Test
  void pythonTask_receivesA200KiBInputAsItsArgument() throws Exception {
    Files.writeString(root.resolve("big.py"), "def main(text):\n    return {'chars': len(text)}\n");
    executor.launch(ProcessExecutorTest.launch("py", 1, new ExecutorSpec.Python("big.py", null, "main"),
        JSON.createObjectNode().put("text", BIG)));
    var u = statuses.next();
    assertThat(u.kind()).as(String.valueOf(u.error())).isEqualTo(Kind.SUCCEEDED);
    assertThat(u.output().get("chars").asInt()).isEqualTo(BIG.length());
  }
}
