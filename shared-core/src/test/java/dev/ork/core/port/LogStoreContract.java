package dev.ork.core.port;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What every {@link LogStore} must do. Streams of one attempt are kept in arrival order in one text.
 * Each attempt's stored log is capped at {@link #capBytes()} UTF-8 bytes of text: the head is kept and
 * one line containing {@code [ork: log truncated} marks the cut.
 */
@ExtendWith(ContractTally.class)
public abstract class LogStoreContract {

  /** A fresh store whose per-attempt cap is {@link #capBytes()}. */
  protected abstract LogStore newStore();

  protected abstract int capBytes();

  protected LogStore store;
  protected String runId;

  @BeforeEach
  void setUpStore() {
    store = newStore();
    runId = "run-" + UUID.randomUUID();
  }

  @Test
  void read_returnsChunksInArrivalOrder_whenOneAttempt() {
    store.append(runId, "t", 1, "stdout", "one\n");
    store.append(runId, "t", 1, "stderr", "two\n");
    store.append(runId, "t", 1, "stdout", "thr\u00e9e\n");
    assertThat(store.read(runId, "t", 1)).isEqualTo("one\ntwo\nthr\u00e9e\n");
  }

  @Test
  void read_returnsAllAttemptsInOrder_whenAttemptIsZero() {
    store.append(runId, "t", 2, "stdout", "second\n");
    store.append(runId, "t", 1, "stdout", "first\n");
    store.append(runId, "t", 3, "stdout", "third\n");
    assertThat(store.read(runId, "t", 0)).isEqualTo("first\nsecond\nthird\n");
    assertThat(store.read(runId, "t", 2)).isEqualTo("second\n");
  }

  @Test
  void read_isEmpty_whenNothingAppended() {
    assertThat(store.read(runId, "t", 1)).isEmpty();
    assertThat(store.read(runId, "t", 0)).isEmpty();
  }

  @Test
  void read_keepsTasksApart_whenTwoTasksLog() {
    store.append(runId, "a", 1, "stdout", "A");
    store.append(runId, "b", 1, "stdout", "B");
    assertThat(store.read(runId, "a", 1)).isEqualTo("A");
    assertThat(store.read(runId, "b", 0)).isEqualTo("B");
  }

  @Test
  void append_keepsHeadAndMarksCut_whenAttemptExceedsCap() {
    var chunk = "x".repeat(capBytes() / 4 + 1);
    for (int i = 0; i < 10; i++) {
      store.append(runId, "t", 1, "stdout", chunk);
    }
    store.append(runId, "t", 1, "stdout", "LAST");
    var log = store.read(runId, "t", 1);
    assertThat(log).startsWith(chunk).contains("[ork: log truncated").doesNotContain("LAST");
    assertThat(log.length()).isLessThan(capBytes() + 200);
    assertThat(log.indexOf("[ork: log truncated")).isEqualTo(log.lastIndexOf("[ork: log truncated"));
    store.append(runId, "t", 2, "stdout", "fresh");
    assertThat(store.read(runId, "t", 2)).isEqualTo("fresh");
  }
}
