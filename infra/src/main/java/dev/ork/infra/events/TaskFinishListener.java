package dev.ork.infra.events;

/** Told of every attempt whose finishing write applied (once per write that won); must not throw. */
@FunctionalInterface
public interface TaskFinishListener {
  void finished(TaskFinish finish);

  static TaskFinishListener none() {
    return f -> {};
  }
}
