package dev.ork.functions;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ork.core.engine.EngineSettings;
import dev.ork.core.port.RunStore;
import dev.ork.core.run.RunStatus;
import dev.ork.core.testing.EngineHarness;
import dev.ork.core.testing.TestWorkflows;
import dev.ork.infra.dynamodb.DynamoDbRunStore;
import dev.ork.infra.dynamodb.DynamoDbStoreConfig;
import dev.ork.infra.dynamodb.Dynoxide;
import dev.ork.infra.sqlite.SqliteDatabase;
import dev.ork.infra.sqlite.SqliteRunStore;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Rerun on the SQLite and the DynamoDB (dynoxide) run store, with the AWS wiring's inline dispatch. */
class RedriveOnStoresTest {

  static Stream<Arguments> stores() {
    return Stream.of(
        Arguments.of("sqlite", (Supplier<RunStore>) () -> new SqliteRunStore(SqliteDatabase.inMemory())),
        Arguments.of("dynamodb", (Supplier<RunStore>) () -> {
          var client = Dynoxide.client();
          return new DynamoDbRunStore(client, DynamoDbStoreConfig.defaults(Dynoxide.newTable(client)));
        }));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("stores")
  void failedInThirdTask_rerun_startsOnlyTheFailedAndLaterTasks_andIsIdempotent(String name, Supplier<RunStore> store) {
    var h = new EngineHarness(store.get(), EngineSettings.serverless());
    var run = h.start(TestWorkflows.named("chain").task("a").task("b", "a").task("c", "b").task("d", "c").build(), "day-1");
    h.deliverDue();
    h.succeed(run.runId(), "a", null);
    h.succeed(run.runId(), "b", null);
    h.fail(run.runId(), "c", "bug");
    assertThat(h.run(run.runId()).status()).isEqualTo(RunStatus.FAILED);

    h.engine.control().rerun(run.runId(), null, false, null);
    var tasks = h.runs.tasks(run.runId());
    h.engine.control().rerun(run.runId(), null, false, null); // twice in a row: the second changes nothing
    assertThat(h.runs.tasks(run.runId())).isEqualTo(tasks);
    h.deliverDue();
    h.succeed(run.runId(), "c", null);
    h.succeed(run.runId(), "d", null);
    var done = h.run(run.runId());
    assertThat(done.status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(done.tasksTerminal()).isEqualTo(4);
    assertThat(done.tasksFailed()).isZero();
    assertThat(h.executor.launches().stream().map(l -> l.task().name() + "#" + l.attempt()))
        .containsExactly("a#1", "b#1", "c#1", "c#2", "d#1");

    h.engine.control().rerun(run.runId(), "b", true, null); // --task b --downstream
    h.deliverDue();
    for (var t : List.of("b", "c", "d")) h.succeed(run.runId(), t, null);
    assertThat(h.run(run.runId()).status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(h.executor.launches().stream().map(l -> l.task().name() + "#" + l.attempt()).toList())
        .endsWith("b#2", "c#3", "d#2").doesNotContain("a#2");
  }
}
