package dev.ork.core.compiler;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class WorkflowHashTest {
  private final WorkflowCompiler compiler = new WorkflowCompiler();

  static final String BASE = """
      name: chain
      types:
        Out: {rows: int, path: str}
      tasks:
        extract:
          executor: python
          module: etl.extract
          input_type: {url: str, limit: int}
          output_type: types.Out
          inputs:
            url: {const: "https://x"}
            limit: {const: 10}
        load:
          executor: process
          command: echo load
          depends_on: [extract]
          input_type: {rows: int}
          inputs:
            rows: {ref: tasks.extract.output.rows}
      """;

  String hash(String yaml) {
    var result = compiler.compileSource(yaml, "chain.yaml", null);
    assertThat(result.render()).isEmpty();
    return result.workflow().contentHash();
  }

  @Test
  void contentHash_isStable_whenSameSourceCompiledTwice() {
    assertThat(hash(BASE)).isEqualTo(hash(BASE)).startsWith("sha256:");
  }

  @Test
  void contentHash_isUnchanged_whenOnlyCommentsWhitespaceAndKeyOrderDiffer() {
    var reordered = """
        # a comment
        tasks:
          extract:
            output_type: types.Out      # trailing comment
            executor:   python
            inputs:
              limit: {const: 10}
              url:   {const: "https://x"}
            input_type: {limit: int, url: str}
            module: etl.extract

          load: {executor: process, command: echo load, depends_on: [extract], input_type: {rows: int}, inputs: {rows: {ref: tasks.extract.output.rows}}}
        types:
          Out: {path: str, rows: int}
        name: chain
        """;
    assertThat(hash(reordered)).isEqualTo(hash(BASE));
  }

  @Test
  void contentHash_isUnchanged_whenAliasIsInlined() {
    var inlined = BASE.replace("output_type: types.Out", "output_type: {rows: int, path: str}");
    assertThat(hash(inlined)).isEqualTo(hash(BASE));
  }

  @Test
  void contentHash_changes_whenAnySemanticFieldChanges() {
    var base = hash(BASE);
    assertThat(hash(BASE.replace("const: 10", "const: 11"))).isNotEqualTo(base);
    assertThat(hash(BASE.replace("echo load", "echo LOAD"))).isNotEqualTo(base);
    assertThat(hash(BASE.replace("name: chain", "name: chain2"))).isNotEqualTo(base);
    assertThat(hash(BASE.replace("name: chain", "name: chain\nschedule: 0 6 * * *"))).isNotEqualTo(base);
    assertThat(hash(BASE.replace("command: echo load", "command: echo load\n    retries: 1"))).isNotEqualTo(base);
    assertThat(hash(BASE.replace("command: echo load", "command: echo load\n    timeout: 0"))).isNotEqualTo(base);
    assertThat(hash(BASE.replace("path: str", "path: date"))).isNotEqualTo(base);
  }

  @Test
  void contentHash_changes_whenTaskOrderChanges() {
    var swapped = """
        name: chain
        tasks:
          b: {executor: process, command: echo b}
          a: {executor: process, command: echo a}
        """;
    var original = """
        name: chain
        tasks:
          a: {executor: process, command: echo a}
          b: {executor: process, command: echo b}
        """;
    assertThat(hash(swapped)).isNotEqualTo(hash(original));
  }

  @Test
  void compile_producesTasksInYamlOrderAndTopologicalOrder_whenDiamond() {
    var wf = compiler.compileSource("""
        name: diamond
        tasks:
          join: {executor: process, command: echo j, depends_on: [right, left]}
          right: {executor: process, command: echo r, depends_on: [start]}
          left: {executor: process, command: echo l, depends_on: [start]}
          start: {executor: process, command: echo s}
        """, "d.yaml", null).workflow();
    assertThat(wf.tasks()).extracting(t -> t.name()).containsExactly("join", "right", "left", "start");
    assertThat(wf.topologicalOrder()).containsExactly("start", "right", "left", "join");
    assertThat(wf.requireTask("join").timeout()).hasSeconds(300);
  }
}
