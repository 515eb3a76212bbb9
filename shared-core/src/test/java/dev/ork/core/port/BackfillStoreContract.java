package dev.ork.core.port;

import static dev.ork.core.port.ContractFixtures.at;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ork.core.run.Backfill;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link BackfillStore} must do; each backend runs it (workflow names are unique per test). */
public abstract class BackfillStoreContract {
  protected abstract BackfillStore newStore();

  protected BackfillStore store;
  private String workflow;

  @BeforeEach
  void setUpStore() {
    store = newStore();
    workflow = "wf-" + UUID.randomUUID();
  }

  private Backfill backfill(int fromDay, int toDay, int maxActive, long createdAt) {
    var from = at(fromDay * 86_400L);
    var to = at(toDay * 86_400L);
    return new Backfill(Backfill.idFor(workflow, from, to), workflow, "sha256:abc", from, to, maxActive, toDay - fromDay,
        "api", at(createdAt), null);
  }

  @Test
  void create_storesEveryField_andASecondCreateOfTheSameIdKeepsTheFirst() {
    var first = backfill(0, 7, 2, 0);
    assertThat(store.create(first)).isEqualTo(first);
    assertThat(store.backfill(first.id())).contains(first);
    var again = new Backfill(first.id(), workflow, "sha256:other", first.from(), first.to(), 5, 7, "cli", at(9), null);
    assertThat(store.create(again)).as("put-if-absent").isEqualTo(first);
    assertThat(store.backfill(first.id())).contains(first);
  }

  @Test
  void backfills_listsTheWorkflowsOwn_newestFirst() {
    var older = store.create(backfill(0, 7, 1, 0));
    var newer = store.create(backfill(7, 14, 1, 60));
    assertThat(store.backfills(workflow)).containsExactly(newer, older);
    assertThat(store.backfills(workflow + "-other")).isEmpty();
    assertThat(store.backfill("bf-unknown")).isEmpty();
  }

  @Test
  void cancel_appliesOnce_andKeepsTheFirstTime() {
    var b = store.create(backfill(0, 3, 1, 0));
    assertThat(store.cancel(b.id(), at(100))).isTrue();
    assertThat(store.cancel(b.id(), at(200))).as("already cancelled").isFalse();
    assertThat(store.backfill(b.id())).contains(b.cancelledAt(at(100)));
    assertThat(store.cancel("bf-unknown", at(1))).isFalse();
  }
}
