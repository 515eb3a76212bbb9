package dev.ork.infra.process;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Starts a task with glibc's {@code posix_spawn} (a {@code clone(CLONE_VM | CLONE_VFORK)} and one
 * {@code exec}): {@code POSIX_SPAWN_SETSID} gives it its own session, as {@code setsid} did, and the
 * file actions give it a pipe without a writer as stdin (EOF), two fresh pipes as stdout and stderr, no
 * other file descriptor of Ork's ({@code closefrom(3)}), an empty signal mask and the workflow root as
 * its directory. Exec failures
 * (missing program, not executable, environment too large) come back from {@code posix_spawn} itself
 * and are thrown with the JDK's wording ({@code error=2, ...}).
 */
final class PosixSpawner implements Spawner {
  private static final int ENOEXEC = 8;

  PosixSpawner() {
    Libc.SPAWN.type(); // binds every function now: a missing one fails here, so Spawner.posix() falls back
    if (ADDRESS.byteSize() != JAVA_LONG.byteSize()) throw new UnsupportedOperationException("pointers are not 64-bit");
  }

  @Override
  public Process start(List<String> argv, Map<String, String> env, Path dir) throws IOException {
    String program = program(argv.get(0), env.get("PATH"), dir);
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment pipes = arena.allocate(JAVA_INT, 6);
      for (int at = 0; at < 6; at += 2) {
        try {
          pipe(pipes, at);
        } catch (IOException e) {
          for (int i = 0; i < at; i++) {
            Libc.close(pipes.getAtIndex(JAVA_INT, i));
          }
          throw e;
        }
      }
      int stdinRead = pipes.getAtIndex(JAVA_INT, 0);
      Libc.close(pipes.getAtIndex(JAVA_INT, 1)); // nobody writes: the task reads EOF, as from the JDK's closed pipe
      int outRead = pipes.getAtIndex(JAVA_INT, 2);
      int outWrite = pipes.getAtIndex(JAVA_INT, 3);
      int errRead = pipes.getAtIndex(JAVA_INT, 4);
      int errWrite = pipes.getAtIndex(JAVA_INT, 5);
      int rc;
      MemorySegment pid = arena.allocate(JAVA_INT);
      try {
        rc = spawn(arena, pid, program, argv, env, dir, stdinRead, outWrite, errWrite);
        if (rc == ENOEXEC) { // a script without #!: run it with sh, as the JDK and execvp do
          var withShell = new ArrayList<String>(argv.size() + 1);
          withShell.add("/bin/sh");
          withShell.add(program);
          withShell.addAll(argv.subList(1, argv.size()));
          rc = spawn(arena, pid, "/bin/sh", withShell, env, dir, stdinRead, outWrite, errWrite);
        }
      } finally {
        Libc.close(stdinRead);
        Libc.close(outWrite);
        Libc.close(errWrite);
      }
      if (rc != 0) {
        Libc.close(outRead);
        Libc.close(errRead);
        throw new IOException(failure(argv.get(0), dir, rc));
      }
      return new PosixProcess(pid.get(JAVA_INT, 0), outRead, errRead);
    }
  }

  private static int spawn(Arena arena, MemorySegment pid, String program, List<String> argv, Map<String, String> env,
      Path dir, int stdinRead, int outWrite, int errWrite) {
    MemorySegment actions = arena.allocate(Libc.FILE_ACTIONS_BYTES, 16);
    MemorySegment attr = arena.allocate(Libc.ATTR_BYTES, 16);
    MemorySegment mask = arena.allocate(Libc.SIGSET_BYTES, 16); // zeroed: the empty set
    try {
      check((int) Libc.ACTIONS_INIT.invokeExact(actions), "posix_spawn_file_actions_init");
      try {
        check((int) Libc.ATTR_INIT.invokeExact(attr), "posix_spawnattr_init");
        try {
          check((int) Libc.ADD_DUP2.invokeExact(actions, stdinRead, 0), "adddup2");
          check((int) Libc.ADD_DUP2.invokeExact(actions, outWrite, 1), "adddup2");
          check((int) Libc.ADD_DUP2.invokeExact(actions, errWrite, 2), "adddup2");
          check((int) Libc.ADD_CLOSEFROM.invokeExact(actions, 3), "addclosefrom_np");
          check((int) Libc.ADD_CHDIR.invokeExact(actions, arena.allocateFrom(dir.toString())), "addchdir_np");
          check((int) Libc.ATTR_SIGMASK.invokeExact(attr, mask), "setsigmask"); // JVM threads block some signals
          check((int) Libc.ATTR_FLAGS.invokeExact(attr, (short) (Libc.POSIX_SPAWN_SETSID | Libc.POSIX_SPAWN_SETSIGMASK)),
              "setflags");
          return (int) Libc.SPAWN.invokeExact(pid, arena.allocateFrom(program), actions, attr,
              strings(arena, argv), strings(arena, envp(env)));
        } finally {
          int ignored = (int) Libc.ATTR_DESTROY.invokeExact(attr);
        }
      } finally {
        int ignored = (int) Libc.ACTIONS_DESTROY.invokeExact(actions);
      }
    } catch (Throwable e) {
      throw e instanceof RuntimeException r ? r : new IllegalStateException(e);
    }
  }

  /** The executable {@code name} names: as given with a slash (relative to {@code dir}), else on PATH. */
  private static String program(String name, String path, Path dir) throws IOException {
    if (name.contains("/")) {
      return dir.resolve(name).toString(); // posix_spawn says why it cannot run it (ENOENT, EACCES)
    }
    return OwnSession.resolve(name, path, dir).orElseThrow(() -> new IOException(
        "Cannot run program \"" + name + "\" (in directory \"" + dir + "\"): error=2, No such file or directory"));
  }

  private static void pipe(MemorySegment fds, int at) throws IOException {
    int rc;
    try {
      rc = (int) Libc.PIPE2.invokeExact(fds.asSlice(at * 4L, 8), Libc.O_CLOEXEC);
    } catch (Throwable e) {
      throw new IllegalStateException(e);
    }
    if (rc != 0) {
      throw new IOException("cannot create a pipe for the task (too many open files?)");
    }
  }

  private static void check(int rc, String call) {
    if (rc != 0) {
      throw new IllegalStateException(call + " failed: error=" + rc);
    }
  }

  /**
   * A NULL-terminated {@code char *[]} of {@code values}: their bytes, NUL-terminated, copied in one block
   * and the pointers in another (one allocation and one copy each, not one per string: ~0.1 ms a task
   * while the foreign-memory calls still run interpreted).
   */
  private static MemorySegment strings(Arena arena, List<String> values) {
    int n = values.size();
    byte[][] encoded = new byte[n][];
    int total = 0;
    for (int i = 0; i < n; i++) {
      encoded[i] = values.get(i).getBytes(StandardCharsets.UTF_8);
      total += encoded[i].length + 1;
    }
    byte[] block = new byte[total];
    long[] offsets = new long[n + 1];
    int at = 0;
    for (int i = 0; i < n; i++) {
      offsets[i] = at;
      System.arraycopy(encoded[i], 0, block, at, encoded[i].length);
      at += encoded[i].length + 1; // the NUL: the array is zeroed
    }
    MemorySegment bytes = arena.allocate(Math.max(1, total));
    MemorySegment.copy(block, 0, bytes, JAVA_BYTE, 0, total);
    long base = bytes.address();
    for (int i = 0; i < n; i++) offsets[i] += base;
    offsets[n] = 0; // NULL
    MemorySegment pointers = arena.allocate(ADDRESS, n + 1L);
    MemorySegment.copy(offsets, 0, pointers, JAVA_LONG, 0, n + 1);
    return pointers;
  }

  private static List<String> envp(Map<String, String> env) {
    var entries = new ArrayList<String>(env.size());
    for (var e : env.entrySet()) entries.add(e.getKey() + "=" + e.getValue());
    return entries;
  }

  /** The JDK's wording, so callers tell permanent errors (2, 13, 7) from others the same way. */
  private static String failure(String name, Path dir, int errno) {
    String text = switch (errno) {
      case 2 -> "No such file or directory";
      case 7 -> "Argument list too long";
      case 8 -> "Exec format error";
      case 13 -> "Permission denied";
      case 20 -> "Not a directory";
      default -> "errno " + errno;
    };
    boolean dirMissing = errno == 2 && !Files.isDirectory(dir);
    return "Cannot run program \"" + name + "\" (in directory \"" + dir + "\"): error=" + errno + ", " + text
        + (dirMissing ? " (the directory does not exist)" : "");
  }
}
