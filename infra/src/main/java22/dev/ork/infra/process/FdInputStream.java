package dev.ork.infra.process;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;

import java.io.IOException;
import java.io.InputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The read end of a child's pipe, read with read(2); one reader thread at a time, closed once. It
 * reports nothing {@link #available()}: a line reader then passes on each chunk read rather than
 * batching across reads (FIONREAD would take one more native binding). The native buffer is the reading
 * thread's (pipe readers are pooled), not one per stream: two per task cost ~30 µs to allocate and
 * register with the cleaner.
 */
final class FdInputStream extends InputStream {
  private static final int BUFFER_BYTES = 8192;

  private final int fd;
  private final AtomicBoolean closed = new AtomicBoolean();
  private static final ThreadLocal<Buffers> BUFFERS = ThreadLocal.withInitial(Buffers::new);

  /** A reading thread's native buffer and errno slot, freed once the thread is gone. */
  private static final class Buffers {
    final Arena arena = Arena.ofAuto();
    final MemorySegment buffer = arena.allocate(BUFFER_BYTES);
    final MemorySegment errno = Libc.errnoSlot(arena);
  }

  FdInputStream(int fd) {
    this.fd = fd;
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    return read(one, 0, 1) == -1 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    java.util.Objects.checkFromIndexSize(off, len, b.length);
    if (closed.get()) {
      throw new IOException("Stream closed");
    }
    if (len == 0) {
      return 0;
    }
    var own = BUFFERS.get();
    MemorySegment buffer = own.buffer;
    MemorySegment errno = own.errno;
    long n;
    try {
      do {
        n = (long) Libc.READ.invokeExact(errno, fd, buffer, (long) Math.min(len, BUFFER_BYTES));
      } while (n == -1 && Libc.errno(errno) == Libc.EINTR);
    } catch (Throwable e) {
      throw new IOException(e);
    }
    if (n < 0) {
      throw new IOException("read failed: error=" + Libc.errno(errno));
    }
    if (n == 0) {
      return -1;
    }
    MemorySegment.copy(buffer, JAVA_BYTE, 0, b, off, (int) n);
    return (int) n;
  }

  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      Libc.close(fd);
    }
  }
}
