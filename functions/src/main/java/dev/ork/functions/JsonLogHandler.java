package dev.ork.functions;

import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;

/**
 * Routes java.util.logging (what infra's adapters log through) into {@link JsonLog}, so a Lambda
 * handler has one channel: JSON lines on stdout. Installed once per execution environment by
 * {@link Wiring#fromEnvironment}; the JDK's plain-text console handler is removed.
 */
final class JsonLogHandler extends Handler {
  private static volatile boolean installed;

  static synchronized void install() {
    if (installed) return;
    var root = LogManager.getLogManager().getLogger("");
    for (var h : root.getHandlers()) root.removeHandler(h);
    root.addHandler(new JsonLogHandler());
    installed = true;
  }

  @Override
  public void publish(LogRecord r) {
    if (r == null || !isLoggable(r)) return;
    var message = r.getMessage();
    if (r.getParameters() != null && message != null && message.contains("{0")) {
      message = java.text.MessageFormat.format(message, r.getParameters());
    }
    var line = JsonLog.line(loggerName(r), "log").level(level(r.getLevel())).with("message", message);
    if (r.getThrown() != null) {
      line.with("errorType", r.getThrown().getClass().getSimpleName()).with("stack", Handling.stack(r.getThrown()));
    }
    line.outcome("logged");
  }

  static String level(Level l) {
    int v = l.intValue();
    return v >= Level.SEVERE.intValue() ? "ERROR" : v >= Level.WARNING.intValue() ? "WARN"
        : v >= Level.INFO.intValue() ? "INFO" : "DEBUG";
  }

  private static String loggerName(LogRecord r) {
    var n = r.getLoggerName();
    return n == null ? "jul" : n.substring(n.lastIndexOf('.') + 1);
  }

  @Override
  public void flush() {
    JsonLog.out.flush();
  }

  @Override
  public void close() {}
}
