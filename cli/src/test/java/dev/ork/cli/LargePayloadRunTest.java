package dev.ork.cli;

import static dev.ork.cli.ValidateAndGraphCommandTest.ork;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ork.core.payload.PayloadRef;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11, item 3 on the local wiring: a 5 MiB output is stored in a file beside the SQLite database
 * and reaches a process task (through ORK_INPUT_FILE) and a lambda task (in-process handler) intact.
 */
class LargePayloadRunTest {
  @TempDir Path dir;

  /** 5 MiB of hex: the sha256 of 0, 1, 2, ... joined, as the producer below writes it. */
  static String blob() throws Exception {
    var sb = new StringBuilder(5 * 1024 * 1024);
    var md = MessageDigest.getInstance("SHA-256");
    for (int i = 0; i < 81920; i++) sb.append(HexFormat.of().formatHex(md.digest(Integer.toString(i).getBytes(StandardCharsets.UTF_8))));
    return sb.toString();
  }

  static String sha256(String s) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void a5MiBOutput_isStoredBesideTheDatabase_andReachesAProcessTaskAndALambdaTaskIntact() throws Exception {
    var flow = dir.resolve("big.yaml");
    Files.writeString(flow, """
        name: big
        tasks:
          produce:
            executor: process
            command: >-
              python3 -c "import hashlib, json; print('ORK_OUTPUT:' + json.dumps({'blob': ''.join(hashlib.sha256(str(i).encode()).hexdigest() for i in range(81920))}))"
            output_type: {blob: str}
          digest_process:
            executor: process
            depends_on: [produce]
            input_type: {blob: str}
            inputs: {blob: {ref: tasks.produce.output.blob}}
            command: >-
              test -z "$ORK_INPUT_JSON" && python3 -c "import hashlib, json, os; b = json.load(open(os.environ['ORK_INPUT_FILE']))['blob']; print('ORK_OUTPUT:' + json.dumps({'sha256': hashlib.sha256(b.encode()).hexdigest(), 'chars': len(b)}))"
            output_type: {sha256: str, chars: int}
          digest_lambda:
            executor: lambda
            function: ork-task-digest
            handler: dev.ork.cli.handlers.Digest
            depends_on: [produce]
            input_type: {blob: str}
            inputs: {blob: {ref: tasks.produce.output.blob}}
            output_type: {sha256: str, chars: int}
        """);
    var db = dir.resolve("state/ork.db");
    var run = ork("run", flow.toString(), "--db", db.toString());
    assertThat(run.exit()).as(run.out() + run.err()).isZero();
    var expected = sha256(blob());
    assertThat(run.out()).contains("\"sha256\":\"" + expected + "\"").contains("\"chars\":" + 5 * 1024 * 1024);

    try (var store = LocalStore.open(db)) {
      var runId = store.runs.listRuns(new dev.ork.core.port.RunStore.RunQuery(null, null, 1, null)).runs().get(0).runId();
      var stored = store.runs.task(runId, "produce").orElseThrow().output();
      var ref = PayloadRef.of(stored).orElseThrow();
      assertThat(new ObjectMapper().writeValueAsBytes(stored).length).isLessThan(300);
      var file = store.payloads().fileOf(ref);
      assertThat(file).startsWith(dir.resolve("state/payloads").toAbsolutePath()).exists();
      assertThat(PayloadRef.sha256(Files.readAllBytes(file))).isEqualTo(ref.sha256());
      assertThat(ref.size()).isGreaterThan(5L * 1024 * 1024);

      var status = ork("status", runId, "--db", db.toString());
      assertThat(status.out()).contains("output: " + ref.size() + " bytes (5.0 MiB), stored out of line: " + file);
    }
  }
}
