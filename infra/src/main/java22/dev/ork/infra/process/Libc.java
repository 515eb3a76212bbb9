package dev.ork.infra.process;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout.PathElement;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;

/**
 * The glibc functions {@link PosixSpawner} calls, bound once through the foreign-function API. Loading
 * this class fails (and Ork falls back to {@link ProcessBuilder}) where one of them is missing: musl, or
 * glibc before 2.34 ({@code posix_spawn_file_actions_addclosefrom_np}). Each distinct signature costs
 * a few milliseconds to bind, so they are few: {@code waitid} both waits and reaps, a zeroed
 * {@code sigset_t} is the empty set, and stdin is a pipe like stdout rather than an opened /dev/null.
 */
final class Libc {
  static final int EINTR = 4;
  static final int O_CLOEXEC = 0x80000; // 02000000 on x86_64 and aarch64
  static final short POSIX_SPAWN_SETSIGMASK = 0x08;
  static final short POSIX_SPAWN_SETSID = 0x80;
  static final int P_PID = 1;
  static final int WEXITED = 4;
  static final int WNOWAIT = 0x01000000;
  static final int SIGKILL = 9;
  static final int SIGTERM = 15;
  /** glibc's posix_spawn_file_actions_t is 80 bytes, posix_spawnattr_t 336, sigset_t 128, siginfo_t 128. */
  static final long SIGINFO_CODE = 8;
  static final long SIGINFO_STATUS = 24;
  static final int CLD_EXITED = 1;
  static final long FILE_ACTIONS_BYTES = 256;
  static final long ATTR_BYTES = 1024;
  static final long SIGSET_BYTES = 256;
  static final long SIGINFO_BYTES = 256;

  private static final Linker LINKER = Linker.nativeLinker();
  private static final Linker.Option ERRNO = Linker.Option.captureCallState("errno");
  private static final VarHandle ERRNO_VALUE =
      Linker.Option.captureStateLayout().varHandle(PathElement.groupElement("errno"));

  static final MethodHandle PIPE2 = bind("pipe2", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT)); // closefrom's shape
  static final MethodHandle CLOSE = bind("close", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
  static final MethodHandle READ = bind("read", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG), ERRNO);
  static final MethodHandle WAITID = bind("waitid",
      FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT), ERRNO);
  static final MethodHandle SPAWN = bind("posix_spawn",
      FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS));
  static final MethodHandle ACTIONS_INIT = bind("posix_spawn_file_actions_init", FunctionDescriptor.of(JAVA_INT, ADDRESS));
  static final MethodHandle ACTIONS_DESTROY = bind("posix_spawn_file_actions_destroy", FunctionDescriptor.of(JAVA_INT, ADDRESS));
  static final MethodHandle ADD_DUP2 = bind("posix_spawn_file_actions_adddup2",
      FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT));
  static final MethodHandle ADD_CLOSEFROM = bind("posix_spawn_file_actions_addclosefrom_np",
      FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
  static final MethodHandle ADD_CHDIR = bind("posix_spawn_file_actions_addchdir_np",
      FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
  static final MethodHandle ATTR_INIT = bind("posix_spawnattr_init", FunctionDescriptor.of(JAVA_INT, ADDRESS));
  static final MethodHandle ATTR_DESTROY = bind("posix_spawnattr_destroy", FunctionDescriptor.of(JAVA_INT, ADDRESS));
  static final MethodHandle ATTR_FLAGS = bind("posix_spawnattr_setflags", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_SHORT));
  static final MethodHandle ATTR_SIGMASK = bind("posix_spawnattr_setsigmask",
      FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));

  private Libc() {}

  /** kill(2), bound at the first stop: most runs never stop a task. */
  static final class Signals {
    static final MethodHandle KILL = bind("kill", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));

    private Signals() {}
  }

  private static MethodHandle bind(String name, FunctionDescriptor fd, Linker.Option... options) {
    var symbol = LINKER.defaultLookup().find(name)
        .orElseThrow(() -> new UnsatisfiedLinkError("libc has no " + name));
    return LINKER.downcallHandle(symbol, fd, options);
  }

  /** Room for the errno a call marked {@code ERRNO} leaves. */
  static MemorySegment errnoSlot(Arena arena) {
    return arena.allocate(Linker.Option.captureStateLayout());
  }

  static int errno(MemorySegment slot) {
    return (int) ERRNO_VALUE.get(slot, 0L);
  }

  /** close(2), ignoring errors (used on fds this process owns, once). */
  static void close(int fd) {
    try {
      int ignored = (int) CLOSE.invokeExact(fd);
    } catch (Throwable e) {
      throw new IllegalStateException(e);
    }
  }
}
