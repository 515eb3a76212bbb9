package dev.ork.infra.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Both ways of starting a task, on real processes: the same session, streams, exit codes and errors. */
class SpawnerTest {
  @TempDir Path dir;

  static Stream<Spawner> spawners() {
    return Stream.of(Spawner.posix(), Spawner.JDK);
  }

  @Test
  void posix_isPosixSpawn_onJava22PlusLinux() {
    boolean expected = Runtime.version().feature() >= 22 && "Linux".equals(System.getProperty("os.name"))
        && !"jdk".equals(System.getenv("ORK_SPAWN"));
    if (!expected) {
      System.out.println("SpawnerTest: Spawner.posix() is ProcessBuilder here (Java " + Runtime.version().feature()
          + ", " + System.getProperty("os.name") + ", ORK_SPAWN=" + System.getenv("ORK_SPAWN") + ")");
    }
    assertThat(Spawner.posix() != Spawner.JDK).isEqualTo(expected);
  }

  @Test
  void warming_startsWithProcessBuilder_andSwitchesOnceTheFasterSpawnerIsReady() throws Exception {
    var made = new java.util.concurrent.CountDownLatch(1);
    var warming = new WarmingSpawner(3, signalling(made));
    List<String> kinds = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      kinds.add(kind(warming.start(List.of("true"), env(), dir)));
    }
    assertThat(kinds).containsOnly("ProcessImpl"); // the JDK's
    assertThat(made.await(10, TimeUnit.SECONDS)).as("set-up begun at the third start").isTrue();
    assertThat(startsUntilSwitched(warming)).isPositive();
  }

  @Test
  void warming_setsUpBeforeAnyStart_whenToldManyTasksWillStart() throws Exception {
    var made = new java.util.concurrent.CountDownLatch(1);
    var warming = new WarmingSpawner(1_000, signalling(made));
    warming.setUpNow();
    assertThat(made.await(10, TimeUnit.SECONDS)).as("set-up begun without a start").isTrue();
    assertThat(startsUntilSwitched(warming)).isLessThan(1_000);
  }

  /** {@link Spawner#posix()}, counting {@code made} down when asked for. */
  private static java.util.function.Supplier<Spawner> signalling(java.util.concurrent.CountDownLatch made) {
    return () -> {
      made.countDown();
      return Spawner.posix();
    };
  }

  /** Starts {@code true} until {@code warming} starts it as {@link Spawner#posix()} does (within 10 s); how many starts. */
  private int startsUntilSwitched(WarmingSpawner warming) throws Exception {
    String expected = kind(Spawner.posix().start(List.of("true"), env(), dir));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    String kind;
    int starts = 0;
    do {
      kind = kind(warming.start(List.of("true"), env(), dir));
      starts++;
    } while (!kind.equals(expected) && System.nanoTime() < deadline);
    assertThat(kind).isEqualTo(expected);
    return starts;
  }

  private static String kind(Process p) throws InterruptedException {
    p.waitFor();
    return p.getClass().getSimpleName();
  }

  @ParameterizedTest
  @MethodSource("spawners")
  void start_givesExitCodeStdoutAndStderr(Spawner spawner) throws Exception {
    Process p = spawner.start(List.of("sh", "-c", "echo out; echo err >&2; exit 7"), env(), dir);
    assertThat(p.waitFor()).isEqualTo(7);
    assertThat(read(p.getInputStream())).isEqualTo("out\n");
    assertThat(read(p.getErrorStream())).isEqualTo("err\n");
    assertThat(p.isAlive()).isFalse();
    assertThat(p.exitValue()).isEqualTo(7);
  }

  @ParameterizedTest
  @MethodSource("spawners")
  void start_putsTheTaskInASessionOfItsOwn(Spawner spawner) throws Exception {
    String stat = stdoutOfSuccess(spawner, List.of("cat", "/proc/self/stat"), env());
    String pid = stat.substring(0, stat.indexOf(' ')); // cat itself: setsid and posix_spawn exec in place
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    assertThat(fields[3]).as("session id").isEqualTo(pid);
    assertThat(fields[2]).as("process group").isEqualTo(pid);
  }

  @ParameterizedTest
  @MethodSource("spawners")
  void start_givesOnlyStdinStdoutAndStderr_withStdinAtEof(Spawner spawner) throws Exception {
    String out = stdoutOfSuccess(spawner, List.of("sh", "-c", "cat; exec ls /proc/self/fd"), env());
    assertThat(out).isEqualTo("0\n1\n2\n3\n"); // 3: the folder ls lists
  }

  @ParameterizedTest
  @MethodSource("spawners")
  void start_leavesHangupInterruptAndTerminateUnblocked(Spawner spawner) throws Exception {
    String out = stdoutOfSuccess(spawner, List.of("grep", "SigBlk", "/proc/self/status"), env());
    long blocked = Long.parseLong(out.substring(out.indexOf(':') + 1).strip(), 16);
    assertThat(blocked & ((1L << 0) | (1L << 1) | (1L << 14))).as("SIGHUP, SIGINT, SIGTERM blocked").isZero();
    if (spawner != Spawner.JDK) {
      assertThat(blocked).as("posix_spawn empties the mask (the JDK's children keep the JVM's SIGQUIT block)").isZero();
    }
  }

  @ParameterizedTest
  @MethodSource("spawners")
  void start_runsInTheDirectoryWithExactlyTheEnvironmentGiven(Spawner spawner) throws Exception {
    Map<String, String> env = Map.of("PATH", System.getenv("PATH"), "ORK_X", "a b=c", "EMPTY", "");
    String out = stdoutOfSuccess(spawner, List.of("sh", "-c", "pwd; env | sort"), env);
    List<String> lines = out.lines().toList();
    assertThat(lines.get(0)).isEqualTo(dir.toRealPath().toString());
    assertThat(lines).contains("ORK_X=a b=c", "EMPTY=", "PATH=" + System.getenv("PATH"));
    assertThat(lines.stream().filter(l -> l.contains("=") && !l.startsWith("PWD=") && !l.startsWith("OLDPWD=")
        && !l.startsWith("SHLVL=") && !l.startsWith("_="))).hasSize(3);
  }

  @ParameterizedTest
  @MethodSource("spawners")
  void destroy_endsWithSigtermCode_andDestroyForciblyWithSigkillCode(Spawner spawner) throws Exception {
    Process term = spawner.start(List.of("sleep", "30"), env(), dir);
    assertThat(term.waitFor(50, TimeUnit.MILLISECONDS)).isFalse();
    assertThat(term.isAlive()).isTrue();
    assertThatThrownBy(term::exitValue).isInstanceOf(IllegalThreadStateException.class);
    term.destroy();
    assertThat(term.waitFor(5, TimeUnit.SECONDS)).isTrue();
    assertThat(term.exitValue()).isEqualTo(128 + 15);
    term.destroy(); // after the exit: a no-op, never a signal to a reused pid

    Process kill = spawner.start(List.of("sh", "-c", "trap '' TERM; echo ready; sleep 30"), env(), dir);
    assertThat(new String(kill.getInputStream().readNBytes(6), StandardCharsets.UTF_8)).isEqualTo("ready\n");
    kill.destroy();
    assertThat(kill.waitFor(300, TimeUnit.MILLISECONDS)).isFalse();
    assertThat(kill.descendants().count()).isEqualTo(1); // the sleep
    kill.destroyForcibly();
    assertThat(kill.onExit().get(5, TimeUnit.SECONDS).exitValue()).isEqualTo(128 + 9);
  }

  @ParameterizedTest
  @MethodSource("spawners")
  void start_failsWithTheErrnoInTheMessage_whenProgramIsMissingOrNotExecutable(Spawner spawner) throws Exception {
    assertThatThrownBy(() -> spawner.start(List.of("no-such-program-ork"), env(), dir))
        .isInstanceOf(IOException.class).hasMessageContaining("no-such-program-ork")
        .hasMessageContaining("No such file or directory")
        .satisfies(e -> assertThat(ProcessLauncher.permanent((IOException) e)).isTrue());
    Path plain = Files.writeString(dir.resolve("data.txt"), "x");
    assertThatThrownBy(() -> spawner.start(List.of(plain.toString()), env(), dir))
        .isInstanceOf(IOException.class).hasMessageContaining("Permission denied")
        .satisfies(e -> assertThat(ProcessLauncher.permanent((IOException) e)).isTrue());
  }

  @ParameterizedTest
  @MethodSource("spawners")
  void start_runsAScriptWithoutShebangWithSh_andResolvesARelativePathInTheDirectory(Spawner spawner) throws Exception {
    // its own session too: fields 1 and 6 of /proc/$$/stat are the pid and the session
    Path script = Files.writeString(dir.resolve("run.sh"),
        "echo \"no shebang $1\"\nset -- $(cat /proc/$$/stat)\n[ \"$1\" = \"$6\" ] && echo own-session\n");
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
    assertThat(stdoutOfSuccess(spawner, List.of("./run.sh", "ok"), env())).isEqualTo("no shebang ok\nown-session\n");
  }

  @ParameterizedTest
  @MethodSource("spawners")
  void start_leavesNoDescriptorOpen_whenManyStartInParallel(Spawner spawner) throws Exception {
    long before = openDescriptors();
    var pool = Executors.newFixedThreadPool(8);
    try {
      List<Callable<Integer>> starts = new ArrayList<>();
      for (int i = 0; i < 200; i++) {
        int n = i;
        starts.add(() -> {
          Process p = spawner.start(List.of("sh", "-c", "echo " + n + "; exec ls /proc/self/fd"), env(), dir);
          String out = read(p.getInputStream());
          read(p.getErrorStream());
          p.getInputStream().close();
          p.getErrorStream().close();
          assertThat(out).isEqualTo(n + "\n0\n1\n2\n3\n"); // 3 is ls's own listing: no other task's pipe leaked in
          return p.waitFor();
        });
      }
      for (var result : pool.invokeAll(starts)) {
        assertThat(result.get()).isZero();
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(openDescriptors()).isLessThanOrEqualTo(before + 2);
  }

  @Test
  void permanent_readsTheErrnoInEitherJdkWording() {
    assertThat(ProcessLauncher.permanent(new IOException("Cannot run program \"x\": error=2, No such file or directory"))).isTrue();
    assertThat(ProcessLauncher.permanent(new IOException("Cannot run program \"x\": Exec failed, error: 13 (Permission denied) "))).isTrue();
    assertThat(ProcessLauncher.permanent(new IOException("Cannot run program \"x\": error=7, Argument list too long"))).isTrue();
    assertThat(ProcessLauncher.permanent(new IOException("Cannot run program \"x\": error=11, Resource temporarily unavailable"))).isFalse();
    assertThat(ProcessLauncher.permanent(new IOException("Cannot run program \"x\": error=24, Too many open files"))).isFalse();
  }

  /** The stdout of {@code argv} started by {@code spawner}, which must exit 0. */
  private String stdoutOfSuccess(Spawner spawner, List<String> argv, Map<String, String> env) throws Exception {
    Process p = spawner.start(argv, env, dir);
    String out = read(p.getInputStream());
    assertThat(p.waitFor()).as("exit code of %s", argv).isZero();
    return out;
  }

  private static Map<String, String> env() {
    return new HashMap<>(System.getenv());
  }

  private static String read(java.io.InputStream in) throws IOException {
    return new String(in.readAllBytes(), StandardCharsets.UTF_8);
  }

  private static long openDescriptors() throws IOException {
    try (var fds = Files.list(Path.of("/proc/self/fd"))) {
      return fds.count();
    }
  }
}
