package dev.ork.core.compiler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ork.core.workflow.Binding;
import org.junit.jupiter.api.Test;

/** {@code timezone:}, {@code catchup:} and {@code {ref: run.interval_*}} in the compiler. */
class ScheduleOptionsCompileTest {
  private final WorkflowCompiler compiler = new WorkflowCompiler();

  private CompileResult compile(String yaml) {
    return compiler.compileSource(yaml, "flow.yaml", null);
  }

  private static final String TASK = """
      tasks:
        load:
          executor: process
          command: 'true'
          input_type: {day: str}
          inputs: {day: {ref: run.interval_start}}
      """;

  @Test
  void compiles_timezoneCatchupAndRunRef() {
    var result = compile("name: daily\nschedule: '0 6 * * *'\ntimezone: Europe/Berlin\ncatchup: true\n" + TASK);
    assertThat(result.render()).isEmpty();
    var wf = result.workflow();
    assertThat(wf.timezone()).isEqualTo("Europe/Berlin");
    assertThat(wf.catchup()).isTrue();
    assertThat(wf.requireTask("load").inputs().get("day")).isEqualTo(new Binding.RunField("interval_start"));
  }

  @Test
  void hash_isUnchanged_byTheNewFieldsWhenUnset() {
    var plain = compile("name: daily\nschedule: '0 6 * * *'\n" + TASK).workflow();
    var zoned = compile("name: daily\nschedule: '0 6 * * *'\ntimezone: UTC\n" + TASK).workflow();
    assertThat(plain.contentHash()).isEqualTo(WorkflowCompiler.contentHash(plain.withContentHash("")));
    assertThat(zoned.contentHash()).isNotEqualTo(plain.contentHash());
    assertThat(dev.ork.core.workflow.WorkflowJson.write(plain)).doesNotContain("timezone").doesNotContain("catchup");
  }

  @Test
  void refuses_unknownZone_zoneOnRate_andCatchupWithoutSchedule() {
    assertThat(compile("name: a\nschedule: '0 6 * * *'\ntimezone: Mars/Olympus\n" + TASK).render())
        .contains("flow.yaml:3:11: error[invalid-schedule]").contains("unknown time zone 'Mars/Olympus'");
    assertThat(compile("name: a\nschedule: rate(1 hour)\ntimezone: Europe/Berlin\n" + TASK).render())
        .contains("timezone applies to cron schedules only");
    assertThat(compile("name: a\ncatchup: true\n" + TASK).render()).contains("catchup: true needs a schedule");
  }

  @Test
  void refuses_unknownRunField_andNonStrArgument() {
    assertThat(compile("name: a\n" + TASK.replace("run.interval_start", "run.interval_begin")).render())
        .contains("error[bad-ref]").contains("must be run.interval_start or run.interval_end");
    assertThat(compile("name: a\n" + TASK.replace("{day: str}", "{day: int}")).render())
        .contains("error[type-mismatch]").contains("got str from ref run.interval_start");
  }
}
