package dev.ork.bench;

import java.util.Arrays;
import java.util.List;

/** Percentiles (nearest rank) over a sample. */
record Stats(int n, double p50, double p99, double max, double mean) {
  static Stats of(List<Double> values) {
    if (values.isEmpty()) return new Stats(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
    double[] v = values.stream().mapToDouble(Double::doubleValue).toArray();
    Arrays.sort(v);
    return new Stats(v.length, rank(v, 0.50), rank(v, 0.99), v[v.length - 1], Arrays.stream(v).average().orElse(0));
  }

  private static double rank(double[] sorted, double p) {
    int i = (int) Math.ceil(p * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
  }

  String ms() {
    return String.format("p50 %7.2f ms  p99 %7.2f ms  max %7.2f ms  (n=%d)", p50, p99, max, n);
  }
}
