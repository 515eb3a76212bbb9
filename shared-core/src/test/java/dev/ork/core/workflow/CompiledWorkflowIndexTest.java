package dev.ork.core.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ork.core.compiler.WorkflowCompiler;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The name and dependents index behind {@link CompiledWorkflow#task} and {@link CompiledWorkflow#dependentsOf}. */
class CompiledWorkflowIndexTest {

  private static CompiledWorkflow diamond() {
    var result = new WorkflowCompiler().compileSource("""
        name: diamond
        tasks:
          a: {executor: process, command: 'true'}
          c: {executor: process, command: 'true', depends_on: [a]}
          b: {executor: process, command: 'true', depends_on: [a]}
          d: {executor: process, command: 'true', depends_on: [b, c]}
        """, "diamond.yaml", null);
    assertThat(result.render()).isEmpty();
    return result.workflow();
  }

  private static List<String> names(List<CompiledTask> tasks) {
    return tasks.stream().map(CompiledTask::name).toList();
  }

  @Test
  void task_findsByName_andIsEmptyForUnknown() {
    var wf = diamond();
    assertThat(wf.task("b")).get().extracting(CompiledTask::name).isEqualTo("b");
    assertThat(wf.task("zz")).isEmpty();
  }

  @Test
  void dependentsOf_inDeclarationOrder_andEmptyForLeaves() {
    var wf = diamond();
    assertThat(names(wf.dependentsOf("a"))).containsExactly("c", "b");
    assertThat(names(wf.dependentsOf("b"))).containsExactly("d");
    assertThat(wf.dependentsOf("d")).isEmpty();
    assertThat(wf.dependentsOf("unknown")).isEmpty();
  }

  @Test
  void survivesTheJsonRoundTrip_andStaysEqual() {
    var wf = diamond();
    var back = WorkflowJson.read(WorkflowJson.write(wf));
    assertThat(back).isEqualTo(wf);
    assertThat(back.hashCode()).isEqualTo(wf.hashCode());
    assertThat(names(back.dependentsOf("a"))).containsExactly("c", "b");
    assertThat(back.tasks()).isEqualTo(List.copyOf(wf.tasks()));
  }

  @Test
  void tasksList_isImmutable() {
    var tasks = diamond().tasks();
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> tasks.add(tasks.get(0)))
        .isInstanceOf(UnsupportedOperationException.class);
  }
}
