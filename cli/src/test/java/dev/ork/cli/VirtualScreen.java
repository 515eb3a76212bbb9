package dev.ork.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * A fixed-size terminal for tests of what the live view writes: text with autowrap, CR, newline, and the
 * escapes it uses (CSI n F: n lines up to column 0, CSI 2K: clear the line, CSI J: clear below). Lines
 * pushed off the top are kept as the scrollback.
 */
final class VirtualScreen {
  private final int cols;
  private final List<StringBuilder> rows = new ArrayList<>();
  final List<String> scrollback = new ArrayList<>();
  private int row;
  private int col;

  VirtualScreen(int rows, int cols) {
    this.cols = cols;
    for (int i = 0; i < rows; i++) this.rows.add(new StringBuilder());
  }

  void write(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\u001b') {
        int end = i + 2;
        while (!Character.isLetter(s.charAt(end))) end++;
        escape(s.substring(i + 2, end), s.charAt(end));
        i = end;
      } else if (c == '\n') {
        newline();
      } else if (c == '\r') {
        col = 0; // a pty's output turns each newline into \r\n
      } else {
        if (col == cols) newline(); // autowrap
        var line = rows.get(row);
        while (line.length() < col) line.append(' ');
        line.replace(col, Math.min(col + 1, line.length()), String.valueOf(c));
        col++;
      }
    }
  }

  private void escape(String arg, char command) {
    switch (command) {
      case 'F' -> {
        row = Math.max(0, row - (arg.isEmpty() ? 1 : Integer.parseInt(arg)));
        col = 0;
      }
      case 'K' -> rows.get(row).setLength(0);
      case 'J' -> {
        rows.get(row).setLength(Math.min(col, rows.get(row).length()));
        for (int r = row + 1; r < rows.size(); r++) rows.get(r).setLength(0);
      }
      default -> throw new AssertionError("the live view wrote an escape the test screen does not know: " + command);
    }
  }

  private void newline() {
    col = 0;
    if (row < rows.size() - 1) {
      row++;
    } else {
      scrollback.add(rows.remove(0).toString());
      rows.add(new StringBuilder());
    }
  }

  /** A resize to fewer rows, as terminals do it: lines above the cursor's new place go to the scrollback. */
  void shrinkTo(int newRows) {
    while (rows.size() > newRows) {
      if (row > 0) {
        scrollback.add(rows.remove(0).toString());
        row--;
      } else {
        rows.remove(rows.size() - 1);
      }
    }
  }

  /** The screen's lines, trailing blank ones dropped. */
  List<String> lines() {
    var out = new ArrayList<String>(rows.stream().map(StringBuilder::toString).toList());
    while (!out.isEmpty() && out.get(out.size() - 1).isEmpty()) out.remove(out.size() - 1);
    return out;
  }
}
