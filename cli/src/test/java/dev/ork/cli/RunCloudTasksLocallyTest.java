package dev.ork.cli;

import static dev.ork.cli.ValidateAndGraphCommandTest.ork;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `ork run` of lambda tasks (in-process handler) and ecs tasks (local process) from the same workflow file. */
class RunCloudTasksLocallyTest {
  @TempDir Path dir;

  Path write(String name, String yaml) throws Exception {
    var p = dir.resolve(name);
    Files.writeString(p, yaml);
    return p;
  }

  @Test
  void run_callsTheLambdaHandlerInProcess_andRunsTheEcsCommandAsAProcess_feedingOutputsDownstream() throws Exception {
    var flow = write("cloud.yaml", """
        name: cloud
        tasks:
          who:
            executor: ecs
            cluster: etl
            task_definition: ork-task-who
            container: main
            subnets: [subnet-1]
            environment: {WHO: "it's me"}
            command: 'printf "ORK_OUTPUT:{\\"name\\": \\"%s\\"}\\n" "$WHO"'
            output_type: {name: str}
          greet:
            executor: lambda
            function: ork-task-greet
            handler: dev.ork.cli.handlers.Greet
            depends_on: [who]
            input_type: {name: str}
            output_type: {greeting: str, attempt: int, task: str}
            inputs: {name: {ref: tasks.who.output.name}}
        """);
    var run = ork("run", flow.toString(), "--db", dir.resolve("ork.db").toString());
    assertThat(run.exit()).as(run.out() + run.err()).isZero();
    assertThat(run.out()).contains("output: {\"name\":\"it's me\"}").contains("\"greeting\":\"hello it's me\"")
        .contains("\"attempt\":1").contains("\"task\":\"greet\"");
  }

  @Test
  void run_failsTheTaskWithWhatToAdd_whenALambdaTaskHasNoHandler_orAnEcsTaskNoCommand() throws Exception {
    var flow = write("missing.yaml", """
        name: missing
        tasks:
          fn: {executor: lambda, function: ork-task-x}
          box: {executor: ecs, cluster: c, task_definition: td, container: main, subnets: [s]}
        """);
    var run = ork("run", flow.toString(), "--db", dir.resolve("ork.db").toString());
    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.out()).contains("lambda task 'fn' has no handler: add `handler: com.acme.MyHandler`")
        .contains("ecs task 'box' has no command: add `command:");
  }

  @Test
  void run_failsTheTask_whenTheHandlerThrows_orIsNotOnTheClasspath() throws Exception {
    var flow = write("throws.yaml", """
        name: throws
        tasks:
          bad: {executor: lambda, function: f, handler: dev.ork.cli.handlers.Greet, input_type: {name: str}, inputs: {name: {const: boom}}}
          lost: {executor: lambda, function: f, handler: com.acme.Nope}
        """);
    var run = ork("run", flow.toString(), "--db", dir.resolve("ork.db").toString(), "--classpath", "lib/none.jar");
    assertThat(run.exit()).as(run.err()).isEqualTo(1);
    assertThat(run.out()).contains("java.lang.IllegalStateException: cannot greet boom")
        .contains("handler class com.acme.Nope not found on the classpath");
  }

  /** Issue 9, item 8: `--classpath` was resolved from the workflow's folder, and a missing entry got no warning. */
  @Test
  void classpath_isResolvedFromTheWorkingDirectory_andAMissingEntryIsWarnedAbout() throws Exception {
    var flow = write("one.yaml", "name: one\ntasks:\n  a: {executor: process, command: 'true'}\n");
    var cwd = Path.of("").toAbsolutePath();
    assertThat(cwd.resolve("target/test-classes")).isDirectory(); // exists from the working directory, not beside one.yaml
    var ok = ork("run", flow.toString(), "--db", dir.resolve("ork.db").toString(), "--classpath", "target/test-classes");
    assertThat(ok.exit()).as(ok.err()).isZero();
    assertThat(ok.err()).doesNotContain("warning");
    var missing = ork("run", flow.toString(), "--db", dir.resolve("ork.db").toString(), "--classpath", "lib/none.jar");
    assertThat(missing.err()).contains("warning: --classpath entry 'lib/none.jar' does not exist (resolved to "
        + cwd.resolve("lib/none.jar") + " from the working directory)");
  }
}
