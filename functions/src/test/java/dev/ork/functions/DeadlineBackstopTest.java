package dev.ork.functions;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The minute tick runs the deadline backstop (a Query of every unfinished run's tasks) on every 15th minute only. */
class DeadlineBackstopTest {
  @Test
  void backstop_runsOnFourTicksAnHour_atMinutes00_15_30_45() {
    var hour = Instant.parse("2026-12-03T08:00:20Z");
    var due = IntStream.range(0, 60).filter(m -> SchedulerTickHandler.deadlineBackstopDue(hour.plusSeconds(60L * m))).boxed().toList();
    assertThat(due).containsExactly(0, 15, 30, 45);
  }
}
