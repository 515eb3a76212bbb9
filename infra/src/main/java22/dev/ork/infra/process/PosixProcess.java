package dev.ork.infra.process;

import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * A child started by {@link PosixSpawner}, seen as a {@link Process}. One pooled platform thread per live
 * child waits for its exit with {@code waitid(WNOWAIT)}, then reaps it while holding the lock that
 * {@link #destroy} takes: a signal never reaches a reaped (and maybe reused) pid. Exit codes follow the
 * JDK: the status, or 128 + the signal that ended it.
 */
final class PosixProcess extends Process {
  private static final long WAITER_STACK_BYTES = 128 * 1024;
  private static final ExecutorService WAITERS = Executors.newCachedThreadPool(body -> {
    Thread t = new Thread(null, body, "ork-process-wait", WAITER_STACK_BYTES);
    t.setDaemon(true);
    return t;
  });

  private final int pid;
  private final InputStream stdout;
  private final InputStream stderr;
  private final OutputStream stdin = OutputStream.nullOutputStream();
  private final CompletableFuture<Process> exit = new CompletableFuture<>();
  private boolean reaped; // guarded by this
  private volatile int exitCode;

  PosixProcess(int pid, int stdoutFd, int stderrFd) {
    this.pid = pid;
    this.stdout = new FdInputStream(stdoutFd);
    this.stderr = new FdInputStream(stderrFd);
    try {
      stdin.close(); // stdin is /dev/null: writes fail as on a closed pipe
    } catch (IOException impossible) {
      throw new IllegalStateException(impossible);
    }
    WAITERS.execute(this::awaitExit);
  }

  private void awaitExit() {
    int code = 255; // never: only this thread waits for this pid
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment errno = Libc.errnoSlot(arena);
      MemorySegment info = arena.allocate(Libc.SIGINFO_BYTES, 8);
      if (waitid(errno, info, Libc.WEXITED | Libc.WNOWAIT) == 0) {
        synchronized (this) { // now reap: destroy() cannot signal the pid from here on
          if (waitid(errno, info, Libc.WEXITED) == 0) {
            int status = info.get(JAVA_INT, Libc.SIGINFO_STATUS);
            code = info.get(JAVA_INT, Libc.SIGINFO_CODE) == Libc.CLD_EXITED ? status : 0x80 + status;
          }
          reaped = true;
        }
      }
    } catch (Throwable e) {
      // exit code 255
    }
    exitCode = code;
    exit.complete(this);
  }

  private int waitid(MemorySegment errno, MemorySegment info, int options) throws Throwable {
    int rc;
    do {
      rc = (int) Libc.WAITID.invokeExact(errno, Libc.P_PID, pid, info, options);
    } while (rc == -1 && Libc.errno(errno) == Libc.EINTR);
    return rc;
  }

  private void signal(int signal) {
    synchronized (this) {
      if (reaped) {
        return;
      }
      try {
        int ignored = (int) Libc.Signals.KILL.invokeExact(pid, signal);
      } catch (Throwable e) {
        throw new IllegalStateException(e);
      }
    }
  }

  @Override
  public OutputStream getOutputStream() {
    return stdin;
  }

  @Override
  public InputStream getInputStream() {
    return stdout;
  }

  @Override
  public InputStream getErrorStream() {
    return stderr;
  }

  @Override
  public int waitFor() throws InterruptedException {
    try {
      exit.get();
    } catch (ExecutionException e) {
      throw new IllegalStateException(e.getCause());
    }
    return exitCode;
  }

  @Override
  public boolean waitFor(long timeout, TimeUnit unit) throws InterruptedException {
    try {
      exit.get(timeout, unit);
      return true;
    } catch (TimeoutException e) {
      return false;
    } catch (ExecutionException e) {
      throw new IllegalStateException(e.getCause());
    }
  }

  @Override
  public int exitValue() {
    if (!exit.isDone()) {
      throw new IllegalThreadStateException("process " + pid + " has not exited");
    }
    return exitCode;
  }

  @Override
  public void destroy() {
    signal(Libc.SIGTERM);
  }

  @Override
  public Process destroyForcibly() {
    signal(Libc.SIGKILL);
    return this;
  }

  @Override
  public boolean supportsNormalTermination() {
    return true;
  }

  @Override
  public boolean isAlive() {
    return !exit.isDone();
  }

  @Override
  public long pid() {
    return pid;
  }

  @Override
  public CompletableFuture<Process> onExit() {
    return exit.copy();
  }

  @Override
  public ProcessHandle toHandle() {
    return ProcessHandle.of(pid).orElseThrow(() -> new IllegalStateException("process " + pid + " is gone"));
  }

  @Override
  public Stream<ProcessHandle> children() {
    return isAlive() ? ProcessHandle.of(pid).stream().flatMap(ProcessHandle::children) : Stream.empty();
  }

  @Override
  public Stream<ProcessHandle> descendants() {
    return isAlive() ? ProcessHandle.of(pid).stream().flatMap(ProcessHandle::descendants) : Stream.empty();
  }

  @Override
  public String toString() {
    return "Process[pid=" + pid + ", exitValue=" + (exit.isDone() ? exitCode : "\"not exited\"") + "]";
  }
}
