package dev.ork.bench;

import dev.ork.functions.HandOffChain;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;

/**
 * Hand-off latency on the emulators (dynoxide, embedded ElasticMQ, the Lambda Invoke stand-in), through
 * the real Lambda handlers: a task's destination record being sent to the status queue (its SendMessage
 * begun) → its dependent's Invoke arriving. Chains of no-op tasks; three configurations measured in alternating rounds (after a first,
 * unmeasured round of all three; each round starts with the next one), each on a fresh table and queues after
 * one warm-up run: {@code esm} (5 pollers, 1 s long polls, like
 * Lambda's SQS event source mapping) and {@code short-poll} (the old single pump: short polls, 10 ms
 * pause when empty, next poll after the delete); a third runs the ESM-like pump with the handlers' SDK
 * clients on the Apache 5 HTTP client instead of the deployed url-connection client.
 * Run with {@code scripts/bench EmulatorHandOffBench [tasks runs rounds]} (default 30 2 3: 174 hops each).
 */
public final class EmulatorHandOffBench {
  record Config(String name, int pollers, int waitSeconds, Supplier<SdkHttpClient.Builder<?>> http) {}

  static final List<Config> CONFIGS = List.of(
      new Config("esm, url-connection client (as deployed)", 5, 1, UrlConnectionHttpClient::builder),
      new Config("short-poll, url-connection client (the old pump)", 1, 0, UrlConnectionHttpClient::builder),
      new Config("esm, apache5 client (for comparison)", 5, 1, Apache5HttpClient::builder));

  public static void main(String[] args) throws Exception {
    int tasks = args.length > 0 ? Integer.parseInt(args[0]) : 30;
    int runs = args.length > 1 ? Integer.parseInt(args[1]) : 2;
    int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
    HandOffChain.discardHandlerLogs();
    var hops = new LinkedHashMap<String, List<HandOffChain.Hop>>();
    for (var c : CONFIGS) hops.put(c.name(), new ArrayList<>());
    for (int round = -1; round < rounds; round++) { // round -1: JIT warm-up of every configuration, not measured
      for (int i = 0; i < CONFIGS.size(); i++) {
        var c = CONFIGS.get((i + Math.max(round, 0)) % CONFIGS.size()); // each round starts with another one
        try (var chain = new HandOffChain(tasks, c.pollers(), c.waitSeconds(), c.http().get())) {
          chain.run(); // warm-up on this table
          for (int r = 0; r < runs; r++) {
            var measured = chain.run();
            if (round >= 0) hops.get(c.name()).addAll(measured);
          }
        }
      }
    }
    System.out.printf("Emulator hand-off: %d-task chains, %d runs x %d rounds per configuration, %d cores%n", tasks, runs,
        rounds, Runtime.getRuntime().availableProcessors());
    hops.forEach(EmulatorHandOffBench::report);
    System.exit(0); // ElasticMQ's actor system and the stand-in's server threads would keep the JVM alive
  }

  static void report(String config, List<HandOffChain.Hop> hops) {
    System.out.printf("%n[%s]%n", config);
    System.out.printf("  %-44s %s%n", "hand-off (record send begun -> Invoke)", stats(hops, HandOffChain.Hop::total).ms());
    System.out.printf("  %-44s %s%n", "  status queue (send begun -> received)", stats(hops, HandOffChain.Hop::queue).ms());
    System.out.printf("  %-44s %s%n", "  status handler (received -> Invoke)", stats(hops, HandOffChain.Hop::handler).ms());
    var wire = stats(hops, h -> h.requests().stream().mapToLong(t -> t.answeredNanos() - t.sentNanos()).sum());
    System.out.printf("  %-44s %s%n", "    of which SDK requests (wire time)", wire.ms());
    System.out.printf("  %-44s %s%n", "    of which the rest (SDK + engine CPU)", stats(hops, h -> h.handler()
        - h.requests().stream().mapToLong(t -> t.answeredNanos() - t.sentNanos()).sum()).ms());
    System.out.println("  requests per hand-off before the Invoke arrived (count, mean wire time each):");
    for (Map.Entry<String, long[]> e : HandOffChain.requestsByOperation(hops).entrySet()) {
      System.out.printf("    %-40s %5.2f x %6.2f ms%n", e.getKey(), e.getValue()[0] / (double) hops.size(),
          e.getValue()[1] / 1e6 / e.getValue()[0]);
    }
  }

  private static Stats stats(List<HandOffChain.Hop> hops, java.util.function.ToLongFunction<HandOffChain.Hop> nanos) {
    return Stats.of(hops.stream().map(h -> nanos.applyAsLong(h) / 1e6).toList());
  }
}
