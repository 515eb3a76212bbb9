package dev.ork.cli.serve;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ork.core.testing.ManualClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A schedule enabled through the API of `ork serve` fires each due time exactly once, across ticks and
 * across a restart of the server on the same database (the clock is a manual one: no waiting).
 */
class ServeScheduleTest {
  @TempDir Path dir;

  @Test
  void aRateSchedule_firesOncePerDueTime_acrossARestart() throws Exception {
    var clock = new ManualClock();
    clock.advance(Duration.ofSeconds(30));
    var db = dir.resolve("ork.db");
    var flow = Files.writeString(dir.resolve("tick.yaml"), "name: tick\ntasks:\n  a: {executor: process, command: \"true\"}\n");
    try (var serve = new ServeFixture(db, List.of(flow), null, clock)) {
      var on = serve.send("PUT", "/v1/workflows/tick/schedule", Map.of(), "{\"enabled\":true,\"expression\":\"rate(1 minute)\"}");
      assertThat(on.status()).as(on.body()).isEqualTo(200);
      assertThat(on.body()).contains("\"schedule\":\"rate(1 minute)\"").contains("\"nextFireAt\":\"2026-01-01T00:01:00Z\"");
      assertThat(serve.server.tickSchedules().fired()).isEmpty();
      clock.advance(Duration.ofMinutes(1));
      assertThat(serve.server.tickSchedules().fired()).hasSize(1);
      assertThat(serve.server.tickSchedules().fired()).as("the same due time again").isEmpty();
    }
    try (var again = new ServeFixture(db, List.of(flow), null, clock)) {
      assertThat(again.server.tickSchedules().fired()).as("after the restart, before the next due time").isEmpty();
      assertThat(scheduledRuns(again)).isEqualTo(1);
      clock.advance(Duration.ofMinutes(1));
      var fired = again.server.tickSchedules().fired();
      assertThat(fired).hasSize(1);
      assertThat(fired.getFirst().fireTime()).isEqualTo(Instant.parse("2026-01-01T00:02:00Z"));
      assertThat(again.server.tickSchedules().fired()).isEmpty();
      assertThat(scheduledRuns(again)).isEqualTo(2);
    }
  }

  private static long scheduledRuns(ServeFixture serve) throws Exception {
    var body = serve.send("GET", "/v1/runs?workflow=tick&limit=100", Map.of(), null).body();
    return body.split("\"triggeredBy\":\"schedule\"", -1).length - 1;
  }
}
