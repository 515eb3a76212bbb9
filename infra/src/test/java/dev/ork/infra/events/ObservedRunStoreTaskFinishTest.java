package dev.ork.infra.events;

import static dev.ork.core.port.ContractFixtures.at;
import static dev.ork.core.port.ContractFixtures.run;
import static dev.ork.core.port.ContractFixtures.tasks;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ork.core.run.TaskPatch;
import dev.ork.core.run.TaskStatus;
import dev.ork.core.testing.InMemoryRunStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The TaskDuration source: each finish that applied is told once, timed from the start the handler read. */
class ObservedRunStoreTaskFinishTest {
  private final List<TaskFinish> told = new ArrayList<>();
  private final ObservedRunStore store = new ObservedRunStore(new InMemoryRunStore(), List.of(), told::add);

  private void started(String runId) {
    store.createRun(run(runId, "etl", null, at(0), 1), tasks(runId, 1));
    store.transitionTask(runId, "t0", Set.of(TaskStatus.PENDING), 0,
        TaskPatch.to(TaskStatus.RUNNING).attempt(1).startedAt(at(1)));
  }

  private boolean finish(String runId) {
    return store.finishTask(runId, "t0", Set.of(TaskStatus.RUNNING), 1,
        TaskPatch.to(TaskStatus.SUCCEEDED).finishedAt(at(6))).isPresent();
  }

  @Test
  void finishAfterReadingTheAttempt_isToldOnce_withHowLongItRan() {
    started("r-1");
    store.taskMaybeStale("r-1", "t0"); // the status handler's fencing read
    assertThat(finish("r-1")).isTrue();
    assertThat(finish("r-1")).as("a duplicate finish: the guard fails").isFalse();

    assertThat(told).containsExactly(new TaskFinish("r-1", "etl", "t0", 1, TaskStatus.SUCCEEDED, Duration.ofSeconds(5)));
  }

  @Test
  void finishWithoutAReadStart_isTold_withoutADuration() {
    started("r-2");
    assertThat(finish("r-2")).isTrue();

    assertThat(told).singleElement().satisfies(f -> {
      assertThat(f.status()).isEqualTo(TaskStatus.SUCCEEDED);
      assertThat(f.ran()).isNull();
    });
  }
}
