package dev.ork.functions;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ork.core.port.RunStore;
import dev.ork.core.run.Run;
import dev.ork.core.testing.EngineHarness;
import dev.ork.core.testing.TestWorkflows;
import dev.ork.core.workflow.CompiledWorkflow;
import dev.ork.infra.dynamodb.DynamoDbRunStore;
import dev.ork.infra.dynamodb.DynamoDbStoreConfig;
import dev.ork.infra.dynamodb.Dynoxide;
import dev.ork.infra.sqlite.SqliteDatabase;
import dev.ork.infra.sqlite.SqliteRunStore;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code catchup: true} after a ticker outage, on the SQLite and the DynamoDB (dynoxide) run store. */
class ScheduleCatchUpTest {
  private final Instant t0 = Instant.parse("2026-01-01T00:00:00Z"); // the harness clock's start

  static Stream<Arguments> stores() {
    return Stream.of(
        Arguments.of("sqlite", (Supplier<RunStore>) () -> new SqliteRunStore(SqliteDatabase.inMemory())),
        Arguments.of("dynamodb", (Supplier<RunStore>) () -> {
          var client = Dynoxide.client();
          return new DynamoDbRunStore(client, DynamoDbStoreConfig.defaults(Dynoxide.newTable(client)));
        }));
  }

  private static List<Run> runs(EngineHarness h) {
    return h.runs.listRuns(new RunStore.RunQuery("hourly", null, 100, null)).runs().stream()
        .sorted(Comparator.comparing(Run::intervalEnd)).toList();
  }

  private EngineHarness hourly(RunStore store, boolean catchup) {
    var h = new EngineHarness(store);
    var wf = TestWorkflows.named("hourly").task("a").build();
    h.snapshots.register(new CompiledWorkflow(wf.name(), null, "0 * * * *", wf.tasks(), wf.topologicalOrder(),
        wf.contentHash(), null, catchup), t0);
    h.snapshots.setSchedule("hourly", true, t0.plus(Duration.ofHours(1)));
    return h;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("stores")
  void catchup_startsExactlyOneRunPerMissedInterval_afterAThreeIntervalOutage(String name, Supplier<RunStore> store) {
    var h = hourly(store.get(), true);
    var firing = new ScheduleFiring(h.snapshots, h.engine, h.clock);
    h.clock.advance(Duration.ofHours(3).plusMinutes(10)); // the ticker was down from 00:30 to 03:10
    var first = firing.fireDue();
    firing.fireDue(); // a repeated tick
    assertThat(first.fired()).hasSize(3).allMatch(ScheduleFiring.Fired::newRun);
    var runs = runs(h);
    assertThat(runs).extracting(r -> r.intervalStart() + "/" + r.intervalEnd()).containsExactly(
        "2026-01-01T00:00:00Z/2026-01-01T01:00:00Z",
        "2026-01-01T01:00:00Z/2026-01-01T02:00:00Z",
        "2026-01-01T02:00:00Z/2026-01-01T03:00:00Z");
    assertThat(runs).extracting(Run::idempotencyKey).containsExactly(
        "schedule:hourly:2026-01-01T01:00:00Z", "schedule:hourly:2026-01-01T02:00:00Z", "schedule:hourly:2026-01-01T03:00:00Z");
    assertThat(h.snapshots.workflow("hourly").orElseThrow().nextFireAt()).isEqualTo(t0.plus(Duration.ofHours(4)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("stores")
  void withoutCatchup_startsOnlyTheLatestInterval(String name, Supplier<RunStore> store) {
    var h = hourly(store.get(), false);
    h.clock.advance(Duration.ofHours(3).plusMinutes(10));
    new ScheduleFiring(h.snapshots, h.engine, h.clock).fireDue();
    assertThat(runs(h)).extracting(r -> r.intervalStart() + "/" + r.intervalEnd())
        .containsExactly("2026-01-01T02:00:00Z/2026-01-01T03:00:00Z");
  }
}
