package dev.ork.infra.process;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Stops a process and its descendants: SIGTERM to the tree, SIGKILL to whatever is alive after the grace. */
final class ProcessTree {

  private ProcessTree() {}

  /** SIGTERM now, SIGKILL after {@code grace} (without waiting). */
  static void stop(Process p, Duration grace) {
    terminate(p);
    CompletableFuture.delayedExecutor(grace.toMillis(), TimeUnit.MILLISECONDS).execute(() -> kill(p));
  }

  /** Waits until all have exited or {@code grace} has passed, then SIGKILLs what is left. */
  static void awaitThenKill(List<Process> processes, Duration grace) {
    long deadline = System.nanoTime() + grace.toNanos();
    for (Process p : processes) {
      try {
        long left = deadline - System.nanoTime();
        if (left > 0) {
          p.waitFor(left, TimeUnit.NANOSECONDS);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    processes.forEach(ProcessTree::kill);
  }

  static void terminate(Process p) {
    List<ProcessHandle> descendants = p.descendants().toList();
    descendants.forEach(ProcessHandle::destroy);
    p.destroy();
  }

  static void kill(Process p) {
    List<ProcessHandle> descendants = p.isAlive() ? p.descendants().toList() : List.of();
    descendants.forEach(ProcessHandle::destroyForcibly);
    if (p.isAlive()) {
      p.destroyForcibly();
    }
  }
}
