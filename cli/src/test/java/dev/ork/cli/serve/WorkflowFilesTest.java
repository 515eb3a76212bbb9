package dev.ork.cli.serve;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ork.core.port.Clock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `ork serve DIR`: the folder's workflows are registered, a changed file again, a broken one not. */
class WorkflowFilesTest {
  @TempDir Path dir;

  @Test
  void aFolder_isRegistered_andAChangedFileAgain_butNotWhileItIsInvalid() throws Exception {
    var flow = Files.writeString(dir.resolve("a.yaml"), "name: a\ntasks:\n  x: {executor: process, command: \"true\"}\n");
    Files.writeString(dir.resolve("b.yml"), "name: b\ntasks:\n  y: {executor: process, command: \"true\"}\n");
    try (var serve = new ServeFixture(dir.resolve("db/ork.db"), List.of(dir), null, Clock.system())) {
      var before = serve.send("GET", "/v1/workflows/a", Map.of(), null).body();
      assertThat(serve.send("GET", "/v1/workflows", Map.of(), null).body()).contains("\"name\":\"a\"").contains("\"name\":\"b\"");
      assertThat(serve.server.rescanFiles()).as("nothing changed").isEmpty();

      Files.writeString(flow, "name: a\ntasks:\n  x: {executor: process, command: \"true\"\n");
      Files.setLastModifiedTime(flow, FileTime.from(Instant.now().plusSeconds(5)));
      assertThat(serve.server.rescanFiles()).isEmpty();
      assertThat(serve.log.toString()).contains(flow + ":").contains("not registered, the workflow is invalid");

      Files.writeString(flow, "name: a\ntasks:\n  x: {executor: process, command: \"echo hi\"}\n");
      Files.setLastModifiedTime(flow, FileTime.from(Instant.now().plusSeconds(10)));
      assertThat(serve.server.rescanFiles()).containsExactly("a");
      assertThat(serve.send("GET", "/v1/workflows/a", Map.of(), null).body()).isNotEqualTo(before).contains("echo hi");
    }
  }
}
