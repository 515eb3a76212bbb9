package dev.ork.core.compiler;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronConstraintsFactory;
import com.cronutils.model.definition.CronDefinition;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.parser.CronParser;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Schedule expressions a workflow may carry: a standard 5-field cron ({@code 0 6 * * *}, UTC), an
 * AWS EventBridge {@code cron(min hour dom month dow year)} or an AWS {@code rate(n unit)}.
 */
public final class Schedules {
  private Schedules() {}

  private static final CronParser UNIX =
      new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));

  /** EventBridge cron: no seconds, a year field, {@code ?} in exactly one of the day fields. */
  public static final CronDefinition AWS_CRON = CronDefinitionBuilder.defineCron()
      .withMinutes().withValidRange(0, 59).and()
      .withHours().withValidRange(0, 23).and()
      .withDayOfMonth().withValidRange(1, 31).supportsL().supportsW().supportsLW().supportsQuestionMark().and()
      .withMonth().withValidRange(1, 12).and()
      .withDayOfWeek().withValidRange(1, 7).withMondayDoWValue(2).supportsHash().supportsL().supportsQuestionMark().and()
      .withYear().withValidRange(1970, 2199).and()
      .withCronValidation(CronConstraintsFactory.ensureEitherDayOfWeekOrDayOfMonth())
      .instance();

  private static final CronParser AWS = new CronParser(AWS_CRON);
  private static final Pattern RATE = Pattern.compile("rate\\(\\s*(\\d{1,9})\\s+(minute|minutes|hour|hours|day|days)\\s*\\)");
  private static final Pattern AWS_WRAP = Pattern.compile("cron\\((.*)\\)", Pattern.DOTALL);

  /** Empty when {@code expression} is valid, otherwise why not. */
  public static Optional<String> problem(String expression) {
    var s = expression.trim();
    if (s.startsWith("rate(")) {
      var m = RATE.matcher(s);
      if (!m.matches()) return Optional.of("rate expression must look like rate(5 minutes) (units: minute(s), hour(s), day(s))");
      long n = Long.parseLong(m.group(1));
      if (n < 1) return Optional.of("rate value must be at least 1");
      boolean singular = !m.group(2).endsWith("s");
      if (singular != (n == 1)) return Optional.of("use '" + m.group(2).replaceAll("s$", "") + (n == 1 ? "" : "s") + "' with " + n + " (AWS is strict about singular/plural)");
      return Optional.empty();
    }
    var aws = AWS_WRAP.matcher(s);
    if (aws.matches()) {
      var inner = aws.group(1).trim();
      int fields = inner.isEmpty() ? 0 : inner.split("\\s+").length;
      if (fields != 6) return Optional.of("AWS cron(...) needs 6 fields (minute hour day-of-month month day-of-week year), got " + fields);
      return parse(AWS, inner);
    }
    int fields = s.isEmpty() ? 0 : s.split("\\s+").length;
    if (fields != 5) return Optional.of("cron needs 5 fields (minute hour day-of-month month day-of-week), got " + fields);
    return parse(UNIX, s);
  }

  /**
   * The first fire time strictly after {@code after}, in UTC; empty when the expression never fires
   * again (a cron with a past year). See {@link dev.ork.core.schedule.Schedule} for time zones.
   * Throws IllegalArgumentException for an invalid expression (see {@link #problem}).
   */
  public static Optional<java.time.Instant> nextAfter(String expression, java.time.Instant after) {
    return dev.ork.core.schedule.Schedule.of(expression, null).nextAfter(after);
  }

  /** The period in seconds of a valid {@code rate(n unit)}, or empty for a cron. */
  public static Optional<Long> rateSeconds(String expression) {
    var rate = RATE.matcher(expression.trim());
    if (!rate.matches()) return Optional.empty();
    long n = Long.parseLong(rate.group(1));
    long unit = rate.group(2).startsWith("minute") ? 60 : rate.group(2).startsWith("hour") ? 3600 : 86400;
    return Optional.of(n * unit);
  }

  /** The parsed cron of a valid 5-field or AWS cron expression (not for rates). */
  public static com.cronutils.model.Cron cron(String expression) {
    var s = expression.trim();
    var aws = AWS_WRAP.matcher(s);
    return aws.matches() ? AWS.parse(aws.group(1).trim()) : UNIX.parse(s);
  }

  /** Empty when {@code timezone} is a known IANA zone usable with {@code schedule}, otherwise why not. */
  public static Optional<String> zoneProblem(String timezone, String schedule) {
    if (schedule == null) return Optional.of("timezone needs a schedule");
    if (rateSeconds(schedule).isPresent()) return Optional.of("timezone applies to cron schedules only; rate(...) counts from the epoch");
    if (!java.time.ZoneId.getAvailableZoneIds().contains(timezone)) return Optional.of("unknown time zone '" + timezone + "'");
    return Optional.empty();
  }

  private static Optional<String> parse(CronParser parser, String cron) {
    try {
      parser.parse(cron).validate();
      return Optional.empty();
    } catch (RuntimeException e) {
      var msg = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      return Optional.of("invalid cron '" + cron + "': " + msg.replaceAll("\\s+", " ").trim());
    }
  }
}
