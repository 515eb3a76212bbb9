package dev.ork.infra.process;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Starts a task's OS process in a session of its own (see {@link OwnSession}) with stdin at EOF and
 * stdout/stderr as pipes. {@link #posix()} is {@code posix_spawn} through the JDK's foreign-function API
 * where the JDK (22+) and libc (glibc 2.34+) have what it needs: one {@code exec} per task. Otherwise, or
 * with {@code ORK_SPAWN=jdk}, {@link ProcessBuilder} through util-linux {@code setsid}: three (the JDK's
 * {@code jspawnhelper}, {@code setsid}, the task). docs/adr/0003-hand-written-pieces.md says why.
 */
interface Spawner {

  /** {@code argv[0]} is a path or a name on {@code env}'s PATH; {@code env} is the whole environment. */
  Process start(List<String> argv, Map<String, String> env, Path dir) throws IOException;

  /** The JDK's {@link ProcessBuilder}, its program wrapped in {@code setsid}. */
  Spawner JDK = (argv, env, dir) -> {
    var pb = new ProcessBuilder(OwnSession.wrap(argv, env.get("PATH"), dir)).directory(dir.toFile());
    var penv = pb.environment();
    penv.clear();
    penv.putAll(env);
    Process process = pb.start();
    try {
      process.getOutputStream().close(); // tasks that read stdin see EOF instead of hanging
    } catch (IOException ignored) {
      // the process may already be gone; its exit is reported normally
    }
    return process;
  };

  /**
   * For tasks: {@link ProcessBuilder} for the first tasks of this JVM, then {@code posix_spawn} once it
   * is ready (see {@link WarmingSpawner}); {@code ORK_SPAWN=posix} from the first task on,
   * {@code ORK_SPAWN=jdk} never.
   */
  static Spawner best() {
    return switch (String.valueOf(System.getenv("ORK_SPAWN"))) {
      case "jdk" -> JDK;
      case "posix" -> posix();
      default -> WarmingSpawner.SHARED;
    };
  }

  /** {@code posix_spawn} where this JDK and libc allow it, else {@link #JDK}; set up on first call (~100 ms of CPU). */
  static Spawner posix() {
    return Posix.SPAWNER;
  }

  /** Loaded once; the Java 22 class is never touched on a Java 21 runtime. */
  final class Posix {
    static final Spawner SPAWNER = choose();

    private Posix() {}

    private static Spawner choose() {
      if (Runtime.version().feature() < 22 || !"Linux".equals(System.getProperty("os.name"))
          || "jdk".equals(System.getenv("ORK_SPAWN"))) {
        return JDK;
      }
      try {
        return (Spawner) Class.forName("dev.ork.infra.process.PosixSpawner").getDeclaredConstructor().newInstance();
      } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
        return JDK; // musl or glibc < 2.34 (no posix_spawn_file_actions_addclosefrom_np), native access refused
      }
    }
  }
}
