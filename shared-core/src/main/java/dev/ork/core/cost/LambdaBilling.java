package dev.ork.core.cost;

/**
 * Lambda's billing arithmetic: duration is billed in 1 ms increments, rounded up, times the
 * configured memory in GB (MB / 1024). https://aws.amazon.com/lambda/pricing/
 */
public final class LambdaBilling {
  private LambdaBilling() {}

  /** The billed milliseconds of an invocation that ran {@code nanos}: rounded up to whole ms, at least 1. */
  public static long billedMillis(long nanos) {
    if (nanos < 0) throw new IllegalArgumentException("a duration cannot be negative: " + nanos + " ns");
    return Math.max(1, (nanos + 999_999) / 1_000_000);
  }

  public static double gbSeconds(int memoryMb, long nanos) {
    if (memoryMb <= 0) throw new IllegalArgumentException("memory must be positive, got " + memoryMb + " MB");
    return memoryMb / 1024.0 * billedMillis(nanos) / 1000.0;
  }
}
