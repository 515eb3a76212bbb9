package dev.ork.core.compiler;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SuggestTest {
  static final List<String> TASK_KEYS = List.copyOf(WorkflowCompiler.ALL_TASK_KEYS);

  @Test
  void closest_findsTypos_caseAndSeparatorVariants_andUniquePrefixes() {
    assertThat(Suggest.closest("depend_on", TASK_KEYS)).contains("depends_on");
    assertThat(Suggest.closest("dependsOn", TASK_KEYS)).contains("depends_on");
    assertThat(Suggest.closest("depends-on", TASK_KEYS)).contains("depends_on");
    assertThat(Suggest.closest("INPUTTYPE", TASK_KEYS)).contains("input_type");
    assertThat(Suggest.closest("retrys", TASK_KEYS)).contains("retries");
    assertThat(Suggest.closest("dep", TASK_KEYS)).contains("depends_on");
    assertThat(Suggest.closest("timout", TASK_KEYS)).contains("timeout");
  }

  @Test
  void closest_isEmpty_whenNothingIsNearOrThePrefixIsAmbiguous() {
    assertThat(Suggest.closest("banana", TASK_KEYS)).isEmpty();
    assertThat(Suggest.closest("in", List.of("input_type", "inputs"))).isEmpty();
    assertThat(Suggest.closest("inp", List.of("input_type", "inputs"))).isEmpty();
  }
}
