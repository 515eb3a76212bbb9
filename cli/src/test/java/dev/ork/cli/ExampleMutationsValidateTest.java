package dev.ork.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ork.core.testing.YamlMutations;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;

/**
 * Issue 9, item 3: ork's own example workflows, randomly edited, through `ork validate` with their real
 * files (scripts, python modules and their signatures) beside them. Every error it prints is located
 * ({@code file:line:col: error[code]: ...}); nothing else but hints, notes and the count, never a stack
 * trace, and the exit code is 0 or 2. (4,400 tries found no unlocated error; 200 run with the suite.)
 */
class ExampleMutationsValidateTest {
  private static final Path COPY = copyExamples();

  private static final Pattern LOCATED = Pattern.compile(".*mutant\\.yaml:[1-9]\\d*:[1-9]\\d*: error\\[[a-z0-9-]+\\]: \\S.*");

  record Mutant(Path folder, String yaml) {}

  @Property(tries = 200)
  void everyErrorOfAMutatedExample_isLocated(@ForAll("mutants") Mutant m) throws IOException {
    var file = Files.writeString(m.folder().resolve("mutant.yaml"), m.yaml());
    var result = OrkCli.executeCaptured("validate", file.toString());
    assertThat(result.exit()).as(result.err()).isIn(OrkCli.EXIT_OK, OrkCli.EXIT_INVALID);
    for (var line : result.err().lines().toList()) {
      assertThat(line.isBlank() || LOCATED.matcher(line).matches() || line.startsWith("  hint: ")
          || line.startsWith("✗ ") || line.startsWith("note: "))
          .as("an unlocated line from `ork validate` of\n%s\n---\n%s", m.yaml(), result.err()).isTrue();
    }
    if (result.exit() == OrkCli.EXIT_INVALID) assertThat(result.err()).containsPattern(LOCATED);
  }

  @AfterContainer
  static void removeTheCopy() throws IOException {
    try (var files = Files.walk(COPY)) {
      for (var f : files.sorted(java.util.Comparator.reverseOrder()).toList()) Files.delete(f);
    }
  }

  @Provide
  Arbitrary<Mutant> mutants() {
    var edit = Combinators.combine(Arbitraries.integers().between(0, 6), Arbitraries.integers().between(0, 10_000),
        Arbitraries.integers().between(0, 10_000), Arbitraries.chars().ascii()).as(List::<Object>of);
    return Combinators.combine(Arbitraries.of(examples()), edit.list().ofMinSize(1).ofMaxSize(3)).as((example, edits) -> {
      var yaml = read(example);
      for (var e : edits) yaml = YamlMutations.mutate(yaml, (int) e.get(0), (int) e.get(1), (int) e.get(2), (char) e.get(3));
      return new Mutant(example.getParent(), yaml);
    });
  }

  /** The examples' workflow files, in a copy of examples/ (the mutants are written beside them there). */
  private static List<Path> examples() {
    try (var files = Files.walk(COPY)) {
      return files.filter(f -> f.toString().endsWith(".yaml") && !f.endsWith("mutant.yaml")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Path copyExamples() {
    try {
      var to = Files.createTempDirectory("ork-example-mutants");
      var from = Path.of("../examples");
      try (var files = Files.walk(from)) {
        for (var f : files.toList()) {
          var target = to.resolve(from.relativize(f).toString());
          if (Files.isDirectory(f)) Files.createDirectories(target);
          else Files.copy(f, target);
        }
      }
      return to;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String read(Path p) {
    try {
      return Files.readString(p);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
