package dev.ork.core.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.EnumSet;
import org.junit.jupiter.api.Test;

/** The guards the engine's conditional writes use are read from the transition tables. */
class TransitionGuardsTest {

  @Test
  void claimGuard_isTheSourcesOfTheClaimRows() {
    assertThat(TaskTransitions.guard(TaskTrigger.CLAIM, TaskStatus.DISPATCHED))
        .containsExactlyInAnyOrder(TaskStatus.QUEUED, TaskStatus.RETRY_WAIT);
    assertThat(TaskTransitions.guard(TaskTrigger.READY_INLINE, TaskStatus.DISPATCHED)).containsExactly(TaskStatus.PENDING);
    assertThat(TaskTransitions.guard(TaskTrigger.ATTEMPT_FAILED, TaskStatus.FAILED)).isEqualTo(TaskStatus.inFlight());
    assertThat(RunTransitions.guard(RunTrigger.COMPLETE, RunStatus.FAILED))
        .containsExactlyInAnyOrder(RunStatus.RUNNING, RunStatus.PAUSED);
    assertThat(RunTransitions.guard(RunTrigger.CANCEL, RunStatus.CANCELLED)).isEqualTo(RunStatus.unfinished());
  }

  @Test
  void fencedTrigger_guardsOnTheObservedStatus_andRefusesATransitionTheTableLacks() {
    assertThat(TaskTransitions.guard(TaskTrigger.DEADLINE, TaskStatus.RUNNING, TaskStatus.TIMED_OUT))
        .containsExactly(TaskStatus.RUNNING);
    assertThatThrownBy(() -> TaskTransitions.guard(TaskTrigger.DEADLINE, TaskStatus.DISPATCHED, TaskStatus.TIMED_OUT))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("DISPATCHED -> TIMED_OUT on DEADLINE");
    assertThatThrownBy(() -> TaskTransitions.guard(TaskTrigger.CANCEL, TaskStatus.CANCELLED))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void everyTrigger_takesAtLeastOneRow_andEveryRowHasATrigger() {
    var usedTask = EnumSet.noneOf(TaskTrigger.class);
    for (var t : TaskTransitions.TABLE.transitions()) {
      var triggers = TaskTransitions.TABLE.triggersOf(t.from(), t.to());
      assertThat(triggers).as(t.toString()).isNotEmpty();
      usedTask.addAll(triggers);
    }
    assertThat(usedTask).containsExactlyInAnyOrder(TaskTrigger.values());
    var usedRun = EnumSet.noneOf(RunTrigger.class);
    for (var t : RunTransitions.TABLE.transitions()) usedRun.addAll(RunTransitions.TABLE.triggersOf(t.from(), t.to()));
    assertThat(usedRun).containsExactlyInAnyOrder(RunTrigger.values());
  }
}
