package dev.ork.cli.serve;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ork.cli.OrkCli;
import dev.ork.core.payload.PayloadRef;
import dev.ork.core.port.Clock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `ork serve`'s API for an output stored out of line: GET /runs/{id} gives its size and route; the route gives the value. */
class LargeOutputThroughServeTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path dir;

  @Test
  void getRun_givesTheSizeAndAFetchRoute_andTheRouteStreamsTheWholeValue() throws Exception {
    var flow = Files.writeString(dir.resolve("big.yaml"), """
        name: big
        tasks:
          produce:
            executor: process
            command: >-
              python3 -c "print('ORK_OUTPUT:' + '\\"' + 'x' * (3 * 1024 * 1024) + '\\"')"
        """);
    try (var serve = new ServeFixture(dir.resolve("ork.db"), List.of(), null, Clock.system())) {
      var api = "--api=" + serve.api();
      assertThat(OrkCli.executeCaptured("remote", "register", api, flow.toString()).exit()).isZero();
      var start = OrkCli.executeCaptured("remote", "start", api, "big", "--wait", "--poll-ms", "100");
      assertThat(start.exit()).as(start.out() + start.err()).isZero();
      var m = Pattern.compile("([0-9a-f-]{36})").matcher(start.out());
      assertThat(m.find()).as(start.out()).isTrue();
      var runId = m.group(1);

      var run = JSON.readTree(serve.send("GET", "/v1/runs/" + runId, Map.of(), null).body()).path("run");
      var task = run.path("tasks").get(0);
      long size = 3 * 1024 * 1024 + 2;
      assertThat(task.has("output")).isFalse();
      assertThat(task.path("outputSize").asLong()).isEqualTo(size);
      assertThat(task.path("outputPath").asText()).isEqualTo("/runs/" + runId + "/tasks/produce/output");

      var fetched = serve.send("GET", "/v1/runs/" + runId + "/tasks/produce/output", Map.of(), null);
      assertThat(fetched.status()).isEqualTo(200);
      var output = JSON.readTree(fetched.body()).path("output");
      assertThat(PayloadRef.sha256(JSON.writeValueAsString(output).getBytes(StandardCharsets.UTF_8)))
          .isEqualTo(task.path("outputSha256").asText());

      var status = OrkCli.executeCaptured("remote", "status", api, runId);
      assertThat(status.out()).contains("output: " + size + " bytes (3.0 MiB), stored out of line: GET /runs/" + runId
          + "/tasks/produce/output on the API");
    }
  }
}
