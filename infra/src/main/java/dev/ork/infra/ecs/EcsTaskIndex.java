package dev.ork.infra.ecs;

import java.util.Optional;

/**
 * Which Ork attempt an ECS task runs, recorded at launch: by its {@code startedBy} token (before
 * RunTask, so a crash right after the launch still leaves it findable) and by the task ARN RunTask
 * returns. A task-state event whose overrides do not name the attempt (the AWS documentation's sample
 * event carries none) is matched through it.
 */
public interface EcsTaskIndex {
  record Entry(String runId, String taskName, int attempt, String container) {}

  void recordStartedBy(String startedBy, Entry entry);

  void recordTaskArn(String taskArn, Entry entry);

  /** By task ARN first, then by startedBy (either may be null). */
  Optional<Entry> find(String taskArn, String startedBy);

  /** Records nothing, finds nothing: events are matched by their overrides only. */
  static EcsTaskIndex none() {
    return new EcsTaskIndex() {
      @Override
      public void recordStartedBy(String startedBy, Entry entry) {}

      @Override
      public void recordTaskArn(String taskArn, Entry entry) {}

      @Override
      public Optional<Entry> find(String taskArn, String startedBy) {
        return Optional.empty();
      }
    };
  }
}
