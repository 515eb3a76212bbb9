package dev.ork.infra.process;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The argv of a process task's {@code command}. Like GNU make, a command that is only plain words (no
 * quote, variable, glob, redirection, separator or escape) naming a program found on the PATH is executed
 * directly; anything else runs as {@code sh -c command}. The shell would have split and run it the same
 * way, so only the shell's own start (~0.5 ms a task) is saved. Words that name a shell builtin or keyword
 * go to the shell too (its {@code echo}, {@code pwd} or {@code kill} may differ from the program), except
 * {@code true} and {@code false}, which cannot.
 */
final class ShellCommand {
  private static final Set<String> SHELL_WORDS = Set.of(".", ":", "[", "alias", "bg", "break", "case", "cd",
      "chdir", "command", "continue", "do", "done", "echo", "elif", "else", "esac", "eval", "exec", "exit", "export",
      "fc", "fg", "fi", "for", "getopts", "hash", "if", "in", "jobs", "kill", "local", "printf", "pwd", "read",
      "readonly", "return", "set", "shift", "source", "test", "then", "times", "trap", "type", "ulimit", "umask",
      "unalias", "unset", "until", "wait", "while", "!", "{", "}");

  private static final Pattern BLANKS = Pattern.compile("[ \t]+");

  private ShellCommand() {}

  /** {@code path} is the task's PATH, {@code dir} its directory (where a relative program path is looked up). */
  static List<String> argv(String command, String path, Path dir) {
    if (plainWords(command)) {
      var words = Arrays.asList(BLANKS.split(command.trim()));
      if (!SHELL_WORDS.contains(words.get(0)) && !words.get(0).contains("=") && OwnSession.resolve(words.get(0), path, dir).isPresent()) {
        return words;
      }
    }
    return List.of("sh", "-c", command);
  }

  /** Letters, digits, blanks and {@code _ - . / , : + @ % =}: nothing the shell would expand or interpret. */
  static boolean plainWords(String command) {
    if (command.isBlank()) {
      return false;
    }
    for (int i = 0; i < command.length(); i++) {
      char c = command.charAt(i);
      boolean plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || c == ' ' || c == '\t' || "_-./,:+@%=".indexOf(c) >= 0;
      if (!plain) {
        return false;
      }
    }
    return true;
  }
}
