package dev.ork.core.compiler;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Aliases to scalars count toward a cap on the expanded document (issue 9, item 3: a 311 KB file expanded to GBs). */
class AliasExpansionTest {
  private final WorkflowCompiler compiler = new WorkflowCompiler();

  /** A task whose command is a {@code kb} KiB anchored string, and a const list repeating it {@code times} times. */
  static String bomb(int kb, int times) {
    var sb = new StringBuilder("name: bomb\ntasks:\n  t:\n    executor: process\n    input_type: {many: [str]}\n    command: &s '")
        .append("x".repeat(kb * 1024)).append("'\n    inputs:\n      many:\n        const: [");
    for (int i = 0; i < times; i++) sb.append(i == 0 ? "*s" : ", *s");
    return sb.append("]\n").toString();
  }

  @Test
  void scalarAliasesExpandingOverTheCap_areALocatedYamlLimitError() {
    var result = compiler.compileSource(bomb(64, 100), "bomb.yaml", null); // 6.4 MiB expanded
    assertThat(result.isValid()).isFalse();
    assertThat(result.render())
        .contains("bomb.yaml:9:16: error[yaml-limit]")
        .contains("aliases (*name) expanded")
        .contains("hint: do not repeat large anchored values");
  }

  @Test
  void aliasesThatStayUnderTheCap_compile() {
    var result = compiler.compileSource(bomb(1, 100), "small.yaml", null);
    assertThat(result.render()).isEmpty();
  }

  @Test
  void aValueThatContainsItself_isALocatedYamlLimitError() {
    var result = compiler.compileSource("""
        name: loop
        tasks:
          t:
            executor: process
            command: echo
            input_type: {x: [int]}
            inputs:
              x:
                const: &a [1, *a]
        """, "loop.yaml", null);
    assertThat(result.render()).contains("loop.yaml:9:").contains("error[yaml-limit]");
  }
}
