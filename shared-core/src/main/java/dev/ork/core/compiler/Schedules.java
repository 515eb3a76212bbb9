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
   * again (a cron with a past year). {@code rate(n unit)} fires on multiples of its period counted
   * from the Unix epoch, so every caller derives the same fire times. Throws
   * IllegalArgumentException for an invalid expression (see {@link #problem}).
   */
  public static Optional<java.time.Instant> nextAfter(String expression, java.time.Instant after) {
    var problem = problem(expression);
    if (problem.isPresent()) throw new IllegalArgumentException(problem.get());
    var s = expression.trim();
    var rate = RATE.matcher(s);
    if (rate.matches()) {
      long n = Long.parseLong(rate.group(1));
      long unit = rate.group(2).startsWith("minute") ? 60 : rate.group(2).startsWith("hour") ? 3600 : 86400;
      long period = n * unit;
      long next = Math.floorDiv(after.getEpochSecond(), period) * period + period;
      return Optional.of(java.time.Instant.ofEpochSecond(next));
    }
    var aws = AWS_WRAP.matcher(s);
    var cron = aws.matches() ? AWS.parse(aws.group(1).trim()) : UNIX.parse(s);
    var from = java.time.ZonedDateTime.ofInstant(after, java.time.ZoneOffset.UTC);
    return com.cronutils.model.time.ExecutionTime.forCron(cron).nextExecution(from)
        .map(java.time.ZonedDateTime::toInstant)
        .filter(t -> t.isAfter(after));
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
