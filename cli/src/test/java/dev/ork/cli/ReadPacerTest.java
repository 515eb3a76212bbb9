package dev.ork.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ReadPacerTest {
  private static final long MS = 1_000_000L;

  @Test
  void firstRead_isDueAtOnce() {
    assertThat(new ReadPacer(10).due(System.nanoTime())).isTrue();
  }

  @Test
  void cheapReads_areDueOnTheNextTick() {
    var pacer = new ReadPacer(10);
    pacer.read(0, MS / 10); // 0.1 ms
    assertThat(pacer.due(25 * MS)).isTrue();
  }

  @Test
  void aCostlyRead_defersTheNextOne_toATenthOfTheTime() {
    var pacer = new ReadPacer(10);
    pacer.read(1_000 * MS, 1_050 * MS); // 50 ms
    assertThat(pacer.due(1_050 * MS + 449 * MS)).isFalse();
    assertThat(pacer.due(1_050 * MS + 450 * MS)).isTrue();
  }
}
