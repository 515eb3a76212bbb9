package dev.ork.core.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class CatchUpTest {
  private final Schedule hourly = Schedule.of("0 * * * *", null);

  private static Instant t(String s) {
    return Instant.parse(s);
  }

  @Test
  void plan_startsEveryMissedFireTimeOldestFirst_whenCatchup() {
    // due at 01:00, ticker back at 03:10: 01:00, 02:00 and 03:00 were missed
    var plan = CatchUp.plan(hourly, t("2026-01-01T01:00:00Z"), t("2026-01-01T03:10:00Z"), true, 100);
    assertThat(plan.fireTimes()).containsExactly(t("2026-01-01T01:00:00Z"), t("2026-01-01T02:00:00Z"), t("2026-01-01T03:00:00Z"));
    assertThat(plan.nextFireAt()).isEqualTo(t("2026-01-01T04:00:00Z"));
  }

  @Test
  void plan_startsOnlyTheLatest_withoutCatchup() {
    var plan = CatchUp.plan(hourly, t("2026-01-01T01:00:00Z"), t("2026-01-01T03:10:00Z"), false, 100);
    assertThat(plan.fireTimes()).containsExactly(t("2026-01-01T03:00:00Z"));
    assertThat(plan.nextFireAt()).isEqualTo(t("2026-01-01T04:00:00Z"));
  }

  @Test
  void plan_stopsAtTheLimit_andLeavesTheRestDue() {
    var plan = CatchUp.plan(hourly, t("2026-01-01T01:00:00Z"), t("2026-01-01T03:10:00Z"), true, 2);
    assertThat(plan.fireTimes()).containsExactly(t("2026-01-01T01:00:00Z"), t("2026-01-01T02:00:00Z"));
    assertThat(plan.nextFireAt()).isEqualTo(t("2026-01-01T03:00:00Z"));
    var none = CatchUp.plan(hourly, t("2026-01-01T01:00:00Z"), t("2026-01-01T03:10:00Z"), true, 0);
    assertThat(none.fireTimes()).isEmpty();
    assertThat(none.nextFireAt()).isEqualTo(t("2026-01-01T01:00:00Z"));
  }

  @Test
  void fireTimesBetween_isHalfOpen_andRefusesHugeRanges() {
    var daily = Schedule.of("0 0 * * *", null);
    assertThat(CatchUp.fireTimesBetween(daily, t("2026-01-01T00:00:00Z"), t("2026-01-08T00:00:00Z"), 100))
        .hasSize(7).startsWith(t("2026-01-01T00:00:00Z")).endsWith(t("2026-01-07T00:00:00Z"));
    assertThatThrownBy(() -> CatchUp.fireTimesBetween(hourly, t("2026-01-01T00:00:00Z"), t("2026-02-01T00:00:00Z"), 100))
        .hasMessageContaining("more than 100 fire times");
  }
}
