package dev.ork.infra.process;

import dev.ork.core.port.Clock;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** A ProcessExecutor on a temp workflow root, recording its status updates and logs; closed after each test. */
abstract class ProcessExecutorFixture {
  @TempDir Path root;
  RecordingStatusQueue statuses;
  InMemoryLogStore logs;
  ProcessExecutor executor;

  @BeforeEach
  void setUp() {
    statuses = new RecordingStatusQueue();
    logs = new InMemoryLogStore();
    executor = new ProcessExecutor(root, statuses, logs, Clock.system(), Map.of(), root.resolve(".runtime"), Duration.ofSeconds(2), spawner());
  }

  /** How tasks are started: posix_spawn where the JDK allows it ({@link Spawner#posix()}). */
  Spawner spawner() {
    return Spawner.posix();
  }

  @AfterEach
  void tearDown() {
    executor.close();
  }
}
