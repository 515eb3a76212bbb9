package dev.ork.core.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Cron schedules in a time zone across daylight-saving gaps and overlaps (docs/scheduling.md). */
class ScheduleTimezoneTest {
  private static Instant t(String s) {
    return Instant.parse(s);
  }

  private static List<Instant> fires(Schedule s, String from, String to) {
    return CatchUp.fireTimesBetween(s, t(from), t(to), 1000);
  }

  @Test
  void dailyCron_firesAtLocalTime_inBothOffsets() {
    var s = Schedule.of("0 6 * * *", "Europe/Berlin");
    assertThat(fires(s, "2026-03-27T00:00:00Z", "2026-03-31T00:00:00Z")).containsExactly(
        t("2026-03-27T05:00:00Z"), t("2026-03-28T05:00:00Z"), t("2026-03-29T04:00:00Z"), t("2026-03-30T04:00:00Z"));
  }

  @Test
  void timeInSpringGap_firesLaterByTheGap_once() {
    // 2026-03-29 in Berlin: 02:00 CET jumps to 03:00 CEST, so 02:30 does not exist that day
    var s = Schedule.of("30 2 * * *", "Europe/Berlin");
    assertThat(fires(s, "2026-03-28T00:00:00Z", "2026-03-31T00:00:00Z")).containsExactly(
        t("2026-03-28T01:30:00Z"), t("2026-03-29T01:30:00Z"), t("2026-03-30T00:30:00Z"));
  }

  @Test
  void gapTimeShifted_ontoAnExistingTime_firesOnce() {
    // 02:30 shifts to 03:30 CEST, which the cron also names: one run at 03:30
    var s = Schedule.of("30 2,3 * * *", "Europe/Berlin");
    assertThat(fires(s, "2026-03-28T23:00:00Z", "2026-03-29T12:00:00Z")).containsExactly(t("2026-03-29T01:30:00Z"));
  }

  @Test
  void timeInFallOverlap_firesOnce_atItsFirstOccurrence() {
    // 2026-10-25 in Berlin: 03:00 CEST falls back to 02:00 CET, so 02:30 happens twice
    var s = Schedule.of("30 2 * * *", "Europe/Berlin");
    assertThat(fires(s, "2026-10-24T12:00:00Z", "2026-10-26T12:00:00Z")).containsExactly(
        t("2026-10-25T00:30:00Z"), t("2026-10-26T01:30:00Z"));
  }

  @Test
  void hourlyCron_acrossFallOverlap_firesEachWallClockHourOnce() {
    var s = Schedule.of("0 * * * *", "Europe/Berlin");
    // local 01:00 CEST, 02:00 CEST (first occurrence), then 03:00 CET: the repeated 02:00 CET is not fired
    assertThat(fires(s, "2026-10-24T23:00:00Z", "2026-10-25T02:30:00Z")).containsExactly(
        t("2026-10-24T23:00:00Z"), t("2026-10-25T00:00:00Z"), t("2026-10-25T02:00:00Z"));
  }

  @Test
  void hourlyCron_acrossSpringGap_skipsNoInstantTwice() {
    var s = Schedule.of("0 * * * *", "America/New_York");
    // 2026-03-08: 02:00 EST jumps to 03:00 EDT; 02:00 shifts onto 03:00
    assertThat(fires(s, "2026-03-08T06:00:00Z", "2026-03-08T09:30:00Z")).containsExactly(
        t("2026-03-08T06:00:00Z"), t("2026-03-08T07:00:00Z"), t("2026-03-08T08:00:00Z"), t("2026-03-08T09:00:00Z"));
  }

  @Test
  void intervalEndingAt_spansFromThePreviousFireTime_acrossAGap() {
    var s = Schedule.of("0 6 * * *", "Europe/Berlin");
    assertThat(s.intervalEndingAt(t("2026-03-29T04:00:00Z")))
        .isEqualTo(new Interval(t("2026-03-28T05:00:00Z"), t("2026-03-29T04:00:00Z"))); // a 23-hour day
  }

  @Test
  void utcCron_andRate_areUnchangedByZones() {
    assertThat(Schedule.of("0 6 * * *", null).nextAfter(t("2026-03-29T05:00:00Z"))).contains(t("2026-03-29T06:00:00Z"));
    assertThat(Schedule.of("rate(1 day)", null).intervalEndingAt(t("2026-01-02T00:00:00Z")))
        .isEqualTo(new Interval(t("2026-01-01T00:00:00Z"), t("2026-01-02T00:00:00Z")));
  }
}
