package dev.ork.core.port;

import static dev.ork.core.port.ContractFixtures.at;
import static dev.ork.core.port.ContractFixtures.workflow;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** What every {@link SnapshotStore} must do; a backend's test supplies a fresh store per test. */
@ExtendWith(ContractTally.class)
public abstract class SnapshotStoreContract {

  protected abstract SnapshotStore newStore();

  protected SnapshotStore store;

  @BeforeEach
  void setUpStore() {
    store = newStore();
  }

  private static String name() {
    return "wf-" + UUID.randomUUID();
  }

  @Test
  void register_createsWorkflowWithScheduleDisabled_whenNew() {
    var name = name();
    var record = store.register(workflow(name, "cron(0 12 * * ? *)", "h1", 3), at(1));
    assertThat(record).isEqualTo(new WorkflowRecord(name, "h1", "cron(0 12 * * ? *)", false, null, at(1)));
    assertThat(store.workflow(name)).contains(record);
  }

  @Test
  void snapshot_roundTripsCompiledWorkflow_whenRegistered() {
    var name = name();
    var wf = workflow(name, null, "h1", 4);
    store.register(wf, at(1));
    assertThat(store.snapshot(name, "h1")).contains(wf);
  }

  @Test
  void register_movesPointerAndKeepsOldSnapshot_whenHashChanges() {
    var name = name();
    var v1 = workflow(name, "rate(5 minutes)", "h1", 2);
    var v2 = workflow(name, "rate(10 minutes)", "h2", 3);
    store.register(v1, at(1));
    var record = store.register(v2, at(2));
    assertThat(record.currentSnapshotHash()).isEqualTo("h2");
    assertThat(record.schedule()).isEqualTo("rate(10 minutes)");
    assertThat(record.updatedAt()).isEqualTo(at(2));
    assertThat(store.snapshot(name, "h1")).contains(v1);
    assertThat(store.snapshot(name, "h2")).contains(v2);
  }

  @Test
  void register_isIdempotent_whenSameSnapshotRegisteredTwice() {
    var name = name();
    var wf = workflow(name, null, "h1", 2);
    store.register(wf, at(1));
    var again = store.register(wf, at(2));
    assertThat(again.currentSnapshotHash()).isEqualTo("h1");
    assertThat(store.snapshot(name, "h1")).contains(wf);
    assertThat(store.workflows()).filteredOn(w -> w.name().equals(name)).hasSize(1);
  }

  @Test
  void register_keepsScheduleEnabled_whenReregistered() {
    var name = name();
    store.register(workflow(name, "rate(1 hour)", "h1", 1), at(1));
    assertThat(store.setSchedule(name, true, at(3600))).isTrue();
    var record = store.register(workflow(name, "rate(1 hour)", "h2", 2), at(2));
    assertThat(record.scheduleEnabled()).isTrue();
    assertThat(store.workflow(name).orElseThrow().scheduleEnabled()).isTrue();
    assertThat(store.workflow(name).orElseThrow().nextFireAt()).isEqualTo(at(3600));
  }

  @Test
  void setSchedule_disablesAndClearsNextFire_whenAskedTo() {
    var name = name();
    store.register(workflow(name, "rate(1 hour)", "h1", 1), at(1));
    store.setSchedule(name, true, at(3600));
    assertThat(store.setSchedule(name, false, null)).isTrue();
    var record = store.workflow(name).orElseThrow();
    assertThat(record.scheduleEnabled()).isFalse();
    assertThat(record.nextFireAt()).isNull();
  }

  @Test
  void setScheduleExpression_replacesTheYamlsUntilTheNextRegistration() {
    var name = name();
    store.register(workflow(name, null, "h1", 1), at(1));
    assertThat(store.setScheduleExpression(name, "rate(5 minutes)", true, at(300))).isTrue();
    var record = store.workflow(name).orElseThrow();
    assertThat(record.schedule()).isEqualTo("rate(5 minutes)");
    assertThat(record.scheduleEnabled()).isTrue();
    assertThat(record.nextFireAt()).isEqualTo(at(300));
    assertThat(store.setScheduleExpression(name() + "-missing", "rate(1 hour)", false, null)).isFalse();
    assertThat(store.register(workflow(name, "rate(1 hour)", "h2", 2), at(2)).schedule()).isEqualTo("rate(1 hour)");
  }

  @Test
  void deleteWorkflow_unlistsIt_keepsItsSnapshots_andIsFalseTheSecondTime() {
    var name = name();
    var wf = workflow(name, null, "h1", 1);
    store.register(wf, at(1));
    assertThat(store.deleteWorkflow(name)).isTrue();
    assertThat(store.workflow(name)).isEmpty();
    assertThat(store.workflows()).noneMatch(w -> w.name().equals(name));
    assertThat(store.snapshot(name, "h1")).contains(wf);
    assertThat(store.deleteWorkflow(name)).isFalse();
  }

  @Test
  void advanceSchedule_appliesOnce_whenTwoTicksRaceForTheSameFireTime() {
    var name = name();
    store.register(workflow(name, "rate(1 hour)", "h1", 1), at(1));
    store.setSchedule(name, true, at(3600));
    assertThat(store.advanceSchedule(name, at(3600), at(7200))).isTrue();
    assertThat(store.advanceSchedule(name, at(3600), at(7200))).isFalse();
    assertThat(store.workflow(name).orElseThrow().nextFireAt()).isEqualTo(at(7200));
  }

  @Test
  void advanceSchedule_refuses_whenScheduleDisabledOrUnknown() {
    var name = name();
    store.register(workflow(name, "rate(1 hour)", "h1", 1), at(1));
    store.setSchedule(name, false, at(3600));
    assertThat(store.advanceSchedule(name, at(3600), at(7200))).isFalse();
    assertThat(store.workflow(name).orElseThrow().nextFireAt()).isEqualTo(at(3600));
    assertThat(store.advanceSchedule(name() + "-missing", null, at(1))).isFalse();
  }

  @Test
  void advanceSchedule_setsFirstFireTime_whenNoneSetYet() {
    var name = name();
    store.register(workflow(name, "rate(1 hour)", "h1", 1), at(1));
    store.setSchedule(name, true, null);
    assertThat(store.advanceSchedule(name, null, at(3600))).isTrue();
    assertThat(store.workflow(name).orElseThrow().nextFireAt()).isEqualTo(at(3600));
  }

  @Test
  void setSchedule_returnsFalse_whenWorkflowUnknown() {
    var name = name();
    assertThat(store.setSchedule(name, true, at(1))).isFalse();
    assertThat(store.workflow(name)).isEmpty();
  }

  @Test
  void workflows_listsEveryRegisteredWorkflowByName_whenSeveralExist() {
    var a = "a-" + name();
    var b = "b-" + name();
    store.register(workflow(b, null, "hb", 1), at(1));
    store.register(workflow(a, null, "ha", 1), at(2));
    var names = store.workflows().stream().map(WorkflowRecord::name).filter(n -> n.equals(a) || n.equals(b)).toList();
    assertThat(names).containsExactly(a, b);
  }

  @Test
  void lookups_areEmpty_whenUnknown() {
    var name = name();
    assertThat(store.workflow(name)).isEmpty();
    assertThat(store.snapshot(name, "h1")).isEmpty();
    store.register(workflow(name, null, "h1", 1), at(1));
    assertThat(store.snapshot(name, "other")).isEmpty();
    assertThat(store.snapshot(name() , "h1")).isEmpty();
  }
}
