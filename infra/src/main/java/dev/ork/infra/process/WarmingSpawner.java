package dev.ork.infra.process;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Starts tasks with {@link Spawner#JDK} until a faster spawner is ready, then with it. The faster one is
 * set up on a background thread once {@code warmAt} tasks have started: {@code posix_spawn}'s set-up
 * (the foreign-function linker and its stubs, ~100 ms of CPU on JDK 25) saves ~1.5 ms a task, so a run
 * of a few tasks would pay more than it gains, while a long run switches after its first dozens. A
 * caller that knows a run's size begins the set-up before the first task ({@link
 * ProcessExecutor#expectTasks}).
 */
final class WarmingSpawner implements Spawner {
  /** Tasks started before the set-up begins. */
  static final int WARM_AT = 8;
  static final WarmingSpawner SHARED = new WarmingSpawner(WARM_AT, Spawner::posix);

  private final int warmAt;
  private final Supplier<Spawner> faster;
  private final AtomicInteger started = new AtomicInteger();
  private final AtomicBoolean settingUp = new AtomicBoolean();
  private volatile Spawner ready;

  WarmingSpawner(int warmAt, Supplier<Spawner> faster) {
    this.warmAt = warmAt;
    this.faster = faster;
  }

  @Override
  public Process start(List<String> argv, Map<String, String> env, Path dir) throws IOException {
    Spawner spawner = ready;
    if (spawner != null) {
      return spawner.start(argv, env, dir);
    }
    if (started.incrementAndGet() >= warmAt) {
      setUpNow();
    }
    return JDK.start(argv, env, dir);
  }

  /** Begins the faster spawner's set-up now (once): for a caller that knows many tasks will start. */
  void setUpNow() {
    if (settingUp.compareAndSet(false, true)) {
      Thread.ofPlatform().daemon().name("ork-spawner-setup").start(() -> ready = faster.get());
    }
  }
}
