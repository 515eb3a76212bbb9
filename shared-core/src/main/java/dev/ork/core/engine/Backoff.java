package dev.ork.core.engine;

import java.time.Duration;

/**
 * Retry delays: ork's exponential 1, 2, 4 … 60 s, plus up to 25 % jitter so that tasks failing
 * together do not retry together. The jitter is derived from the attempt's identity, not from a
 * random source, so the engine stays deterministic and a replayed failure schedules the same delay.
 */
public final class Backoff {
  private static final long CAP_MILLIS = 60_000;

  private final double jitterFraction;

  public Backoff(double jitterFraction) {
    this.jitterFraction = jitterFraction;
  }

  public static Backoff standard() {
    return new Backoff(0.25);
  }

  /** The base delay before attempt {@code failedAttempt + 1}, as in ork: 1, 2, 4, 8, 16, 32, 60, 60 … */
  public static long baseMillis(int failedAttempt) {
    int n = Math.max(1, failedAttempt);
    return Math.min(CAP_MILLIS, 1000L << Math.min(n - 1, 16));
  }

  public Duration delay(String runId, String taskName, int failedAttempt) {
    long base = baseMillis(failedAttempt);
    int h = (runId + "/" + taskName + "/" + failedAttempt).hashCode() & 0x7fffffff;
    long jitter = (long) (base * jitterFraction * (h / (double) Integer.MAX_VALUE));
    return Duration.ofMillis(Math.min(CAP_MILLIS, base + jitter));
  }
}
