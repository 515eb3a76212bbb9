package dev.ork.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The docs cannot drift from the repository (issue 9). What counts as runnable: every fenced block tagged
 * {@code sh}, {@code bash} or {@code shell} in README.md and docs/**.md (write other output as {@code
 * text} or {@code console}). In those blocks:
 * <ul>
 *   <li>every repository path a command names exists (build outputs under {@code <module>/target/}: their
 *       module exists; {@code .ork/}, URLs, {@code $VARS} and {@code <placeholders>} are skipped);
 *   <li>{@code ork}/{@code bin/ork} verbs exist, and every workflow file an {@code ork} command names compiles;
 *   <li>a block that runs {@code ./mvnw} first sources {@code scripts/find-jdk.sh} (the default java may be 17).
 * </ul>
 * Also every relative Markdown link in those files points at a file that exists. The commands are not
 * executed: most need AWS or take minutes; {@code ExamplesCompileTest} and the example tests run them.
 */
class DocsCommandsTest {
  static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  static final Pattern BLOCK = Pattern.compile("^```(sh|bash|shell)\\n(.*?)^```", Pattern.DOTALL | Pattern.MULTILINE);
  static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");
  static final Pattern PATHLIKE = Pattern.compile("[A-Za-z0-9_.-]+(/[A-Za-z0-9_.-]+)+/?|[A-Za-z0-9_-]+\\.(yaml|yml|sh|py|md|jar)");

  record Doc(Path file, String text) {
    int lineOf(int offset) {
      return (int) text.substring(0, offset).chars().filter(c -> c == '\n').count() + 1;
    }

    String where(int offset) {
      return ROOT.relativize(file) + ":" + lineOf(offset);
    }
  }

  static List<Doc> docs() throws Exception {
    var files = new ArrayList<Path>(List.of(ROOT.resolve("README.md")));
    try (Stream<Path> s = Files.walk(ROOT.resolve("docs"))) {
      s.filter(p -> p.toString().endsWith(".md")).sorted().forEach(files::add);
    }
    var docs = new ArrayList<Doc>();
    for (var f : files) docs.add(new Doc(f, Files.readString(f)));
    return docs;
  }

  @Test
  void runnableShellBlocks_nameOnlyPathsVerbsAndWorkflowsThatExist() throws Exception {
    var problems = new ArrayList<String>();
    int blocks = 0;
    int commands = 0;
    for (var doc : docs()) {
      var m = BLOCK.matcher(doc.text());
      while (m.find()) {
        blocks++;
        var where = doc.where(m.start());
        var body = m.group(2).replace("\\\n", " ");
        boolean jdk = false;
        for (var line : body.split("\n")) {
          var command = stripComment(line).strip();
          if (command.isEmpty()) continue;
          commands++;
          if (command.contains("scripts/find-jdk.sh")) jdk = true;
          if (command.matches(".*(^|[\\s;&|])\\./mvnw\\b.*") && !jdk) {
            problems.add(where + ": `./mvnw` without `source scripts/find-jdk.sh` before it (the default java may be 17): " + command);
          }
          checkCommand(where, command, problems);
        }
      }
    }
    assertThat(blocks).as("runnable blocks found (README's quick start at least)").isPositive();
    assertThat(problems).as(commands + " commands in " + blocks + " runnable blocks checked; these drifted").isEmpty();
  }

  @Test
  void relativeMarkdownLinks_pointAtFilesThatExist() throws Exception {
    var problems = new ArrayList<String>();
    for (var doc : docs()) {
      var m = LINK.matcher(doc.text());
      while (m.find()) {
        var target = m.group(1);
        if (target.matches("^[a-z]+:.*") || target.startsWith("#")) continue; // URLs, mailto:, anchors
        var file = target.replaceAll("#.*$", "");
        if (!Files.exists(doc.file().getParent().resolve(file))) problems.add(doc.where(m.start()) + ": link to missing " + target);
      }
    }
    assertThat(problems).as("broken relative links").isEmpty();
  }

  static String stripComment(String line) {
    var out = new StringBuilder();
    char quote = 0;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quote == 0 && c == '#' && (i == 0 || Character.isWhitespace(line.charAt(i - 1)))) break;
      if (c == '\'' || c == '"') quote = quote == 0 ? c : quote == c ? 0 : quote;
      out.append(c);
    }
    return out.toString();
  }

  static void checkCommand(String where, String command, List<String> problems) {
    var words = List.of(command.split("[\\s;&|()]+"));
    for (int i = 0; i < words.size(); i++) {
      var word = words.get(i).replaceAll("^[@'\"]+|['\",]+$", "");
      if (word.equals("ork") || word.equals("bin/ork")) {
        checkOrk(where, words.subList(i + 1, words.size()), problems);
      }
      if (!PATHLIKE.matcher(word).matches() || skipped(word)) continue;
      var path = word.contains("/target/") ? word.substring(0, word.indexOf("/target/")) : word;
      if (!Files.exists(ROOT.resolve(path))) problems.add(where + ": no such path " + word + " (in: " + command + ")");
    }
  }

  static boolean skipped(String word) {
    return word.startsWith(".ork") || word.startsWith("/") || word.contains("$") || word.contains("<")
        || word.contains("*") || word.contains("://") || word.startsWith("-") || word.matches("[A-Za-z0-9_-]+/[A-Za-z0-9_-]+")
            && !Files.exists(ROOT.resolve(word.split("/")[0]));
  }

  /** `ork <verb> ... <file.yaml>`: the verb exists; a workflow file it names compiles. */
  static void checkOrk(String where, List<String> args, List<String> problems) {
    if (args.isEmpty()) return;
    var verb = args.get(0);
    var verbs = OrkCli.newCommandLine().getSubcommands().keySet();
    if (!verb.startsWith("-") && !verbs.contains(verb)) problems.add(where + ": `ork " + verb + "` is not an ork command (" + verbs + ")");
    for (var a : args) {
      if (!a.endsWith(".yaml") || skipped(a)) continue;
      var file = ROOT.resolve(a);
      if (!Files.exists(file)) continue; // reported as a missing path
      var result = LocalCompiler.compile(file, new java.io.PrintWriter(new java.io.StringWriter()));
      if (!result.isValid()) problems.add(where + ": " + a + " does not compile:\n" + result.render());
    }
  }
}
