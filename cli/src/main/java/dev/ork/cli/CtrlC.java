package dev.ork.cli;

import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** Ctrl-C while a local command follows its runs: a shutdown hook cancels them before the store is closed. */
final class CtrlC {
  private CtrlC() {}

  interface Follow<T> {
    T call() throws InterruptedException;
  }

  /**
   * Runs {@code follow}; if the JVM shuts down meanwhile (Ctrl-C, SIGTERM), {@code cancel} runs in the
   * shutdown hook and this waits for it. Empty when interrupted so: the caller returns without
   * touching the store again.
   */
  static <T> Optional<T> guard(Runnable cancel, Follow<T> follow) throws InterruptedException {
    var hookDone = new CountDownLatch(1);
    var hook = Thread.ofPlatform().unstarted(() -> {
      try {
        cancel.run();
      } finally {
        hookDone.countDown();
      }
    });
    Runtime.getRuntime().addShutdownHook(hook);
    var result = follow.call();
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException shuttingDown) {
      hookDone.await(30, TimeUnit.SECONDS); // the hook is cancelling: it must finish before the store is closed
      return Optional.empty();
    }
    return Optional.of(result);
  }
}
