package dev.ork.core.compiler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class SchedulesNextAfterTest {

  @Test
  void nextAfter_nextMatchingMinute_forUnixCron() {
    assertThat(Schedules.nextAfter("0 6 * * *", Instant.parse("2026-01-02T05:59:00Z")))
        .contains(Instant.parse("2026-01-02T06:00:00Z"));
    assertThat(Schedules.nextAfter("0 6 * * *", Instant.parse("2026-01-02T06:00:00Z")))
        .contains(Instant.parse("2026-01-03T06:00:00Z"));
  }

  @Test
  void nextAfter_nextMatchingTime_forAwsCron() {
    assertThat(Schedules.nextAfter("cron(0/15 8-17 ? * MON-FRI *)", Instant.parse("2026-01-02T17:50:00Z")))
        .contains(Instant.parse("2026-01-05T08:00:00Z")); // Friday evening → Monday morning
  }

  @Test
  void nextAfter_alignedToEpochMultiples_forRate() {
    assertThat(Schedules.nextAfter("rate(5 minutes)", Instant.parse("2026-01-02T05:58:10Z")))
        .contains(Instant.parse("2026-01-02T06:00:00Z"));
    assertThat(Schedules.nextAfter("rate(1 hour)", Instant.parse("2026-01-02T06:00:00Z")))
        .contains(Instant.parse("2026-01-02T07:00:00Z"));
  }

  @Test
  void nextAfter_empty_whenCronYearIsPast() {
    assertThat(Schedules.nextAfter("cron(0 12 1 1 ? 2020)", Instant.parse("2026-01-01T00:00:00Z"))).isEmpty();
  }

  @Test
  void nextAfter_throws_whenExpressionInvalid() {
    assertThatThrownBy(() -> Schedules.nextAfter("every day", Instant.EPOCH)).isInstanceOf(IllegalArgumentException.class);
  }
}
