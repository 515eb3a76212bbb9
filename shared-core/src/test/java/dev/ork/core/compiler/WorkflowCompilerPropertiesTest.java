package dev.ork.core.compiler;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Combinators;
import dev.ork.core.testing.YamlMutations;

/** The compiler never throws and always gives a workflow or at least one positioned diagnostic. */
class WorkflowCompilerPropertiesTest {
  private final WorkflowCompiler compiler = new WorkflowCompiler();

  static final List<String> VALID = loadValid();

  static List<String> loadValid() {
    try (var files = Files.list(Path.of("src/test/resources/workflows/valid"))) {
      var out = new ArrayList<String>();
      for (var p : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) out.add(Files.readString(p));
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  void assertWellFormed(String yaml) {
    var result = compiler.compileSource(yaml, "fuzz.yaml", Path.of("src/test/resources/workflows/valid"));
    if (!result.isValid()) {
      assertThat(result.diagnostics()).isNotEmpty().allSatisfy(d -> {
        assertThat(d.line()).isPositive();
        assertThat(d.col()).isPositive();
        assertThat(d.render()).startsWith("fuzz.yaml:");
      });
    }
  }

  @Property(tries = 300)
  void compile_neverThrows_whenRandomBytes(@ForAll byte[] bytes) {
    assertWellFormed(new String(bytes, StandardCharsets.UTF_8));
  }

  @Property(tries = 500)
  void compile_neverThrows_whenYamlishStrings(@ForAll("yamlish") String yaml) {
    assertWellFormed(yaml);
  }

  @Property(tries = 600)
  void compile_neverThrows_whenValidFixtureMutated(@ForAll("mutants") String yaml) {
    assertWellFormed(yaml);
  }

  @Provide
  Arbitrary<String> yamlish() {
    var tokens = Arbitraries.of("name: x\n", "tasks:\n", "  a:\n", "    executor: process\n", "    command: echo\n",
        "    depends_on: [a, b]\n", "    inputs: {x: {ref: tasks.a.output.y}}\n", "    input_type: {x: int}\n",
        "    output_type: [", "]", "{", "}", "&a ", "*a", "- ", ": ", "\t", "---\n", "'", "\"", "#", "!!binary ",
        "? ", "|\n", ">\n", "types:\n  A: types.A\n", "  b: {executor: python, module: m}\n", "<<: *a\n", "\u0000", "é");
    return tokens.list().ofMaxSize(40).map(l -> String.join("", l));
  }

  @Provide
  Arbitrary<String> mutants() {
    var base = Arbitraries.of(VALID);
    return Combinators.combine(base, Arbitraries.integers().between(0, 5), Arbitraries.integers().between(0, 10_000),
        Arbitraries.integers().between(0, 10_000), Arbitraries.chars().ascii())
        .as(YamlMutations::mutate);
  }
}
