package dev.ork.bench;

import dev.ork.core.run.RunStatus;
import dev.ork.core.run.TaskRun;
import dev.ork.core.workflow.CompiledWorkflow;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Local-mode throughput, hand-off latency, small-run latency and memory, next to the raw spawn rate
 * of the same command measured in the same JVM run. Run with {@code scripts/bench LocalThroughputBench}
 * (options: {@code --quick} 1,000 tasks only; {@code --chain10k} also a 10,000-task chain;
 * {@code --no-memory-db} skip the {@code :memory:} SQLite column; {@code --workers N}, default 8 like ork run).
 */
public final class LocalThroughputBench {

  static final String COMMAND = "true";
  private static final String HR = "-".repeat(100);

  private final Path root;
  private final int workers;
  private final boolean memoryDb;
  private int dbSeq;

  private LocalThroughputBench(Path root, int workers, boolean memoryDb) {
    this.root = root;
    this.workers = workers;
    this.memoryDb = memoryDb;
  }

  public static void main(String[] args) throws Exception {
    var opts = List.of(args);
    boolean quick = opts.contains("--quick");
    boolean chain10k = opts.contains("--chain10k");
    int workers = opts.contains("--workers") ? Integer.parseInt(opts.get(opts.indexOf("--workers") + 1)) : 8;
    var root = Files.createTempDirectory("ork-bench");
    var bench = new LocalThroughputBench(root, workers, !opts.contains("--no-memory-db"));
    System.out.printf("Ork LocalThroughputBench  %s  cores=%d  java=%s  maxHeap=%d MB  dispatchers=%d  command='%s'%n",
        LocalDateTime.now().withNano(0), Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"),
        Runtime.getRuntime().maxMemory() >> 20, workers, COMMAND);
    System.out.println("SQLite 'file' = a fresh temp file per run (as ork run uses .ork/ork.db); 'memory' = :memory:");
    bench.warmUp();

    var sizes = quick ? List.of(1_000) : List.of(1_000, 10_000);
    var rows = new ArrayList<String>();
    Mem mem10k = null;
    // (a) wide
    for (int n : sizes) {
      var wf = Workflows.wide("wide" + n, n, COMMAND, root);
      double raw = bench.rawSpawnRate(n, workers, false);
      for (var mode : bench.modes()) {
        var mem = new Mem();
        var r = bench.runMeasured(wf, mode, mem, false);
        double rate = n / r.seconds();
        rows.add(row("wide", n, mode, rate, raw));
        if (n == 10_000 && mode.equals("file")) mem10k = mem;
        if (n == 10_000) System.out.println("  memory during wide 10,000 (" + mode + "): " + mem);
      }
    }
    // (a) + (b) chain
    var chainSizes = new ArrayList<>(List.of(1_000));
    if (chain10k) chainSizes.add(10_000);
    var handoffs = new ArrayList<String>();
    for (int n : chainSizes) {
      var wf = Workflows.chain("chain" + n, n, COMMAND, root);
      double raw = bench.rawSpawnRate(n, 1, true);
      for (var mode : bench.modes()) {
        var h = bench.harness(mode);
        try (h) {
          var r = h.run(wf, true);
          check(r);
          rows.add(row("chain", n, mode, n / r.seconds(), raw));
          handoffs.add(handoffReport("chain " + n + " " + mode, r.tasks(), h));
        }
      }
    }
    System.out.println();
    System.out.println("(a) throughput: no-op process tasks (`" + COMMAND + "`) vs raw spawn of `sh -c " + COMMAND + "` from Java");
    System.out.println("    raw, wide: " + workers + " threads spawning (as many as the engine's dispatchers), exits awaited at the end;");
    System.out.println("    raw, chain: one process at a time (spawn, wait for exit, next), as a chain allows.  target: engine >= 80% of raw");
    System.out.println(HR);
    System.out.printf("%-6s %7s %-7s %14s %14s %8s  %s%n", "shape", "tasks", "sqlite", "engine task/s", "raw spawn/s", "ratio", "target >=80%");
    rows.forEach(System.out::println);
    System.out.println(HR);
    System.out.println();
    System.out.println("(b) hand-off latency, predecessor done -> successor start, on the chain (targets p50 <= 2 ms, p99 <= 20 ms)");
    System.out.println("    store: predecessor finishedAt (executor clock at exit) -> successor startedAt (claim, DISPATCHED)");
    System.out.println("    probe: nanoTime at the executor's status report -> nanoTime at the engine's next launch() call");
    System.out.println(HR);
    handoffs.forEach(System.out::println);
    System.out.println(HR);

    // (c) 3-task chain end to end
    System.out.println();
    System.out.println("(c) 3-task chain, startRun -> run SUCCEEDED written, 5 warm-up runs then 30 measured, one runtime (target p50/p99 <= 50 ms)");
    System.out.println(HR);
    var three = Workflows.chain("three", 3, COMMAND, root);
    for (var mode : bench.modes()) {
      try (var h = bench.harness(mode)) {
        for (int i = 0; i < 5; i++) check(h.run(three, false));
        var times = new ArrayList<Double>();
        for (int i = 0; i < 30; i++) {
          var r = h.run(three, false);
          check(r);
          times.add((r.endNs() - r.startNs()) / 1e6);
        }
        var s = Stats.of(times);
        System.out.printf("  %-7s %s   %s%n", mode, s.ms(), verdict(s.p50() <= 50 && s.p99() <= 50));
      }
    }
    System.out.println(HR);
    if (mem10k != null) {
      System.out.println();
      System.out.println("(d) memory during the wide 10,000-task run (sqlite file): " + mem10k);
    }
    System.out.println("raw spawn reference: ProcessBuilder(sh -c " + COMMAND + ") with default pipes, stdin closed, cwd = temp dir");
  }

  private List<String> modes() {
    return memoryDb ? List.of("file", "memory") : List.of("file");
  }

  private LocalHarness harness(String mode) {
    var path = mode.equals("memory") ? ":memory:" : root.resolve("ork-" + (++dbSeq) + ".db").toString();
    return new LocalHarness(path, root, workers);
  }

  private void warmUp() throws Exception {
    for (var mode : modes()) {
      try (var h = harness(mode)) {
        check(h.run(Workflows.wide("warm", 300, COMMAND, root), false));
        check(h.run(Workflows.chain("warmchain", 100, COMMAND, root), false));
      }
    }
    rawSpawnRate(300, workers, false);
  }

  private LocalHarness.Result runMeasured(CompiledWorkflow wf, String mode, Mem mem, boolean tasks) throws Exception {
    try (var h = harness(mode)) {
      mem.begin();
      var r = h.run(wf, tasks);
      mem.end();
      check(r);
      return r;
    }
  }

  private static void check(LocalHarness.Result r) {
    if (r.run().status() != RunStatus.SUCCEEDED) {
      throw new IllegalStateException("run " + r.run().runId() + " ended " + r.run().status() + ": " + r.run().error());
    }
  }

  /** Tasks per second when spawning {@code n} `sh -c true` from Java with {@code threads} spawners. */
  double rawSpawnRate(int n, int threads, boolean sequential) throws Exception {
    var next = new AtomicInteger();
    @SuppressWarnings("unchecked")
    var exits = (CompletableFuture<Process>[]) new CompletableFuture[n];
    var failures = new AtomicLong();
    long t0 = System.nanoTime();
    var spawners = new ArrayList<Thread>();
    for (int t = 0; t < threads; t++) {
      spawners.add(Thread.ofPlatform().start(() -> {
        int i;
        while ((i = next.getAndIncrement()) < n) {
          try {
            var p = new ProcessBuilder("sh", "-c", COMMAND).directory(root.toFile()).start();
            p.getOutputStream().close();
            exits[i] = p.onExit();
            if (sequential) p.waitFor();
          } catch (IOException | InterruptedException e) {
            failures.incrementAndGet();
            exits[i] = CompletableFuture.completedFuture(null);
          }
        }
      }));
    }
    for (var s : spawners) s.join();
    CompletableFuture.allOf(exits).join();
    long t1 = System.nanoTime();
    for (var e : exits) {
      var p = e.join();
      if (p != null) {
        p.getInputStream().close();
        p.getErrorStream().close();
      }
    }
    if (failures.get() > 0) System.out.println("  raw spawn: " + failures.get() + " spawn failures");
    return n / ((t1 - t0) / 1e9);
  }

  private static String row(String shape, int n, String mode, double engine, double raw) {
    double ratio = engine / raw;
    return String.format("%-6s %,7d %-7s %14.1f %14.1f %7.0f%%  %s", shape, n, mode, engine, raw, ratio * 100,
        verdict(ratio >= 0.8));
  }

  static String verdict(boolean met) {
    return met ? "met" : "MISSED";
  }

  private static String handoffReport(String label, List<TaskRun> tasks, LocalHarness h) {
    var ordered = tasks.stream().sorted(Comparator.comparing(TaskRun::taskName)).toList();
    var store = new ArrayList<Double>();
    var probe = new ArrayList<Double>();
    for (int i = 1; i < ordered.size(); i++) {
      var prev = ordered.get(i - 1);
      var cur = ordered.get(i);
      store.add(Duration.between(prev.finishedAt(), cur.startedAt()).toNanos() / 1e6);
      Long rep = h.reportedNs.get(prev.runId() + ":" + prev.taskName());
      Long lau = h.launchedNs.get(cur.runId() + ":" + cur.taskName());
      if (rep != null && lau != null) probe.add((lau - rep) / 1e6);
    }
    var turnaround = new ArrayList<Double>();
    for (var t : ordered) {
      Long lau = h.launchedNs.get(t.runId() + ":" + t.taskName());
      Long rep = h.reportedNs.get(t.runId() + ":" + t.taskName());
      if (rep != null && lau != null) turnaround.add((rep - lau) / 1e6);
    }
    var s = Stats.of(store);
    var p = Stats.of(probe);
    var ta = Stats.of(turnaround);
    return String.format("  %-18s store %s   %s%n  %-18s probe %s   %s%n  %-18s (for scale: one task's launch() -> its status report: %s)", label, s.ms(),
        verdict(s.p50() <= 2 && s.p99() <= 20), "", p.ms(), verdict(p.p50() <= 2 && p.p99() <= 20), "", ta.ms());
  }

  /** Heap (MemoryMXBean, sampled every 10 ms) and process peak RSS (VmHWM, reset before the run when the kernel allows). */
  static final class Mem {
    private volatile boolean sampling;
    private volatile long maxHeap;
    private long baseHeap;
    private long heapAfterGc;
    private long hwmKb;
    private boolean hwmReset;
    private Thread sampler;

    void begin() {
      var bean = ManagementFactory.getMemoryMXBean();
      System.gc();
      baseHeap = bean.getHeapMemoryUsage().getUsed();
      hwmReset = resetHwm();
      maxHeap = baseHeap;
      sampling = true;
      sampler = Thread.ofPlatform().daemon().name("mem-sampler").start(() -> {
        while (sampling) {
          long used = bean.getHeapMemoryUsage().getUsed();
          if (used > maxHeap) maxHeap = used;
          try {
            Thread.sleep(10);
          } catch (InterruptedException e) {
            return;
          }
        }
      });
    }

    void end() throws InterruptedException {
      sampling = false;
      sampler.join();
      System.gc();
      heapAfterGc = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
      hwmKb = status("VmHWM");
    }

    private static boolean resetHwm() {
      try {
        Files.writeString(Path.of("/proc/self/clear_refs"), "5");
        return true;
      } catch (IOException | RuntimeException e) {
        return false;
      }
    }

    private static long status(String key) {
      try {
        for (var line : Files.readAllLines(Path.of("/proc/self/status"))) {
          if (line.startsWith(key + ":")) return Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
      } catch (IOException | RuntimeException ignored) {
        // not Linux
      }
      return -1;
    }

    @Override
    public String toString() {
      return String.format("heap before %d MB, max sampled %d MB, after run+GC %d MB (runtime still open); "
              + "peak RSS (VmHWM) %d MB%s", baseHeap >> 20, maxHeap >> 20, heapAfterGc >> 20, hwmKb >> 10,
          hwmReset ? " (reset just before the run)" : " (since JVM start: /proc/self/clear_refs not writable)");
    }
  }

}
