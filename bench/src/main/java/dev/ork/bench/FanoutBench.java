package dev.ork.bench;

import dev.ork.functions.FanoutRun;
import dev.ork.functions.HandOffChain;
import dev.ork.infra.aws.RequestCounter;

/**
 * A wide fan-out on the emulators (dynoxide, embedded ElasticMQ, the Lambda Invoke stand-in) through
 * the real Lambda handlers: one run of list(n) → foreach square (n instances, no max_concurrency) →
 * sum. Prints the time from start to end, the handlers' AWS requests and DynamoDB write units per
 * instance, and the largest item in the table. Run with {@code scripts/bench FanoutBench [n pollers]}
 * (default 10000 5).
 */
public final class FanoutBench {
  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
    int pollers = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    HandOffChain.discardHandlerLogs();
    var requests = new RequestCounter();
    var capacity = new CapacityMeter();
    try (var fanout = new FanoutRun(pollers, requests, capacity)) {
      long t0 = System.nanoTime();
      var run = fanout.run(n, 1800);
      double seconds = (System.nanoTime() - t0) / 1e9;
      var square = run.path("tasks").findValues("task").stream().anyMatch(t -> t.asText().equals("square"));
      int instances = 0;
      int succeeded = 0;
      for (var t : run.path("tasks")) {
        for (var i : t.path("instances")) {
          instances++;
          if (i.path("status").asText().equals("succeeded")) succeeded++;
        }
      }
      long total = requests.snapshot().values().stream().mapToLong(Long::longValue).sum();
      double wru = capacity.tableWrite.sum() + capacity.gsiWrite.sum() + capacity.estimatedWrite.sum();
      System.out.printf("Fan-out on the emulators: %d elements, %d pollers per queue, %d cores%n", n, pollers,
          Runtime.getRuntime().availableProcessors());
      System.out.printf("  run %s in %.1f s (%.0f instances/s); %d instance rows, %d succeeded (foreach task present: %s)%n",
          run.path("status").asText(), seconds, n / seconds, instances, succeeded, square);
      System.out.printf("  handler requests: %d (%.2f per instance): %s%n", total, total / (double) n, requests.snapshot());
      System.out.printf("  DynamoDB write units: %.0f (%.2f per instance; table %.0f, GSI %.0f, refused-write estimate %.0f);"
              + " read units %.0f (%.2f per instance)%n", wru, wru / n, capacity.tableWrite.sum(), capacity.gsiWrite.sum(),
          capacity.estimatedWrite.sum(), capacity.read.sum(), capacity.read.sum() / n);
      System.out.printf("  largest item in the table: %d bytes (DynamoDB's limit: 400 KB)%n", fanout.largestItemBytes());
    }
    System.exit(0);
  }
}
