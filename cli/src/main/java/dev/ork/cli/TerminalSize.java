package dev.ork.cli;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

/** A terminal's size in character cells. */
record TerminalSize(int rows, int cols) {
  static final TerminalSize FALLBACK = new TerminalSize(24, 80);

  /**
   * The controlling terminal's size, read with {@code stty size} at most once a second (so a resize
   * shows within a second); $LINES/$COLUMNS or 24×80 when it cannot be read.
   */
  static Supplier<TerminalSize> polled() {
    return new Supplier<>() {
      private TerminalSize last;
      private long nextRead = System.nanoTime();

      @Override
      public TerminalSize get() {
        long now = System.nanoTime();
        if (last == null || now - nextRead >= 0) {
          last = read();
          nextRead = now + 1_000_000_000L;
        }
        return last;
      }
    };
  }

  private static TerminalSize read() {
    try {
      var stty = new ProcessBuilder("stty", "size").redirectInput(new File("/dev/tty"))
          .redirectError(ProcessBuilder.Redirect.DISCARD).start();
      var said = new String(stty.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).strip().split("\\s+");
      if (stty.waitFor() == 0 && said.length == 2) return valid(Integer.parseInt(said[0]), Integer.parseInt(said[1]));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      // no stty or no /dev/tty: fall back
    }
    try {
      return valid(Integer.parseInt(System.getenv("LINES")), Integer.parseInt(System.getenv("COLUMNS")));
    } catch (RuntimeException e) {
      return FALLBACK;
    }
  }

  private static TerminalSize valid(int rows, int cols) {
    return rows > 0 && cols > 0 ? new TerminalSize(rows, cols) : FALLBACK;
  }
}
