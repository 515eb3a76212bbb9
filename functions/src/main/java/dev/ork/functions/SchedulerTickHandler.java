package dev.ork.functions;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import dev.ork.api.JsonLog;
import dev.ork.api.ScheduleFiring;
import dev.ork.core.engine.Engine;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The 1-minute tick: fires due cron schedules, then sweeps stale runs (and, every 15 minutes, overdue attempts). The EventBridge
 * event is taken as a plain map (its content is not used): the typed ScheduledEvent would pull joda-time
 * into the jar (docs/adr/0002-lambda-jar-size.md).
 */
public final class SchedulerTickHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {
  private static final String NAME = "SchedulerTickHandler";
  private final ScheduleFiring schedules;
  private final Engine engine;
  private final int sweepLimit;
  private final dev.ork.core.port.Clock clock;

  /**
   * How often the tick looks for overdue attempts itself. Each claim's delayed deadline message does
   * that job; this is the backstop for a lost one, and costs a Query of every unfinished run's tasks.
   */
  static final int DEADLINE_BACKSTOP_MINUTES = 15;

  public SchedulerTickHandler() {
    this(Wiring.fromEnvironment(NAME));
  }

  SchedulerTickHandler(Wiring wiring) {
    this.engine = wiring.engine();
    this.schedules = new ScheduleFiring(wiring.snapshots(), wiring.engine(), wiring.clock());
    this.sweepLimit = wiring.sweepLimit();
    this.clock = wiring.clock();
  }

  /** The ticks of every 15th minute (00, 15, 30, 45) run the deadline backstop. */
  static boolean deadlineBackstopDue(java.time.Instant now) {
    return Math.floorMod(now.getEpochSecond() / 60, DEADLINE_BACKSTOP_MINUTES) == 0;
  }

  @Override
  public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
    var fired = schedules.fireDue();
    var swept = engine.control().sweep(sweepLimit, runId -> true, deadlineBackstopDue(clock.now()));
    var report = new LinkedHashMap<String, Object>();
    report.put("fired", fired.fired().stream().filter(ScheduleFiring.Fired::newRun).count());
    report.put("armed", fired.armed());
    report.put("deadlinesChecked", swept.deadlinesChecked());
    report.put("runsReconciled", swept.runsReconciled());
    var line = JsonLog.line(NAME, "tick");
    report.forEach(line::with);
    line.outcome("ticked");
    return report;
  }
}
