package dev.ork.infra.process;

import static dev.ork.infra.process.ProcessExecutorTest.json;
import static dev.ork.infra.process.ProcessExecutorTest.launch;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ork.core.port.Clock;
import dev.ork.core.port.TaskExecutor.LaunchException;
import dev.ork.core.run.StatusUpdate;
import dev.ork.core.run.StatusUpdate.Kind;
import dev.ork.core.workflow.ExecutorSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PythonExecutorTest extends ProcessExecutorFixture {
  StatusUpdate runFile(String file, String function, String code, JsonNode input) throws Exception {
    Path p = root.resolve(file);
    Files.createDirectories(p.getParent());
    Files.writeString(p, code);
    executor.launch(launch("py", 1, new ExecutorSpec.Python(file, null, function), input));
    return statuses.next();
  }

  @Test
  void python_bindsKeywordArguments_whenFunctionHasSeveralParameters() throws Exception {
    var u = runFile("tasks/add.py", null, """
        def main(a, b):
            return {"sum": a + b}
        """, json("{\"a\":2,\"b\":5,\"ignored\":true}"));
    assertThat(u.kind()).isEqualTo(Kind.SUCCEEDED);
    assertThat(u.output()).isEqualTo(json("{\"sum\":7}"));
  }

  @Test
  void python_passesWholeInputPositionally_whenSingleParameterNameIsNotAKey() throws Exception {
    var u = runFile("t.py", "handle", """
        def handle(payload):
            return sorted(payload.keys())
        """, json("{\"x\":1,\"y\":2}"));
    assertThat(u.output()).isEqualTo(json("[\"x\",\"y\"]"));
  }

  @Test
  void python_bindsByName_whenSingleParameterNameIsAKey() throws Exception {
    var u = runFile("t.py", null, """
        def main(x):
            return x * 10
        """, json("{\"x\":4}"));
    assertThat(u.output()).isEqualTo(json("40"));
  }

  @Test
  void python_appliesDefaults_whenKeysMissing() throws Exception {
    var u = runFile("t.py", null, """
        def main(a, b=3, c="c"):
            return [a, b, c]
        """, json("{\"a\":1}"));
    assertThat(u.output()).isEqualTo(json("[1,3,\"c\"]"));
  }

  @Test
  void python_buildsAnnotatedClass_whenSingleParameterIsADataclass() throws Exception {
    var u = runFile("t.py", null, """
        from dataclasses import dataclass
        @dataclass
        class Params:
            city: str
            days: int = 1
        def main(params: Params):
            return {"city": params.city, "days": params.days}
        """, json("{\"city\":\"Oslo\"}"));
    assertThat(u.output()).isEqualTo(json("{\"city\":\"Oslo\",\"days\":1}"));
  }

  @Test
  void python_callsWithoutArguments_whenFunctionTakesNone() throws Exception {
    var u = runFile("t.py", null, "def main():\n    return 'ok'\n", json("{}"));
    assertThat(u.output()).isEqualTo(json("\"ok\""));
  }

  @Test
  void python_failsWithTracebackInStderr_whenFunctionRaises() throws Exception {
    var u = runFile("t.py", null, """
        def main():
            raise ValueError("bad input here")
        """, null);
    assertThat(u.kind()).isEqualTo(Kind.FAILED);
    assertThat(u.error()).isEqualTo("exit code 1: ValueError: bad input here");
    assertThat(logs.read("run-1", "py", 1, "stderr")).contains("Traceback (most recent call last)").contains("raise ValueError");
  }

  @Test
  void python_serialisesDatesAsIso_whenResultHoldsDates() throws Exception {
    var u = runFile("t.py", null, """
        import datetime
        def main():
            return {"d": datetime.date(2024, 2, 29), "t": datetime.datetime(2024, 1, 2, 3, 4, 5)}
        """, null);
    assertThat(u.output()).isEqualTo(json("{\"d\":\"2024-02-29\",\"t\":\"2024-01-02T03:04:05\"}"));
  }

  @Test
  void python_convertsModelDump_whenResultHasModelDump() throws Exception {
    var u = runFile("t.py", null, """
        class Model:
            def model_dump(self):
                return {"k": "v"}
        class Legacy:
            def dict(self):
                return {"old": 1}
        def main():
            return {"m": Model(), "l": Legacy()}
        """, null);
    assertThat(u.output()).isEqualTo(json("{\"m\":{\"k\":\"v\"},\"l\":{\"old\":1}}"));
  }

  @Test
  void python_succeedsWithoutOutput_whenFunctionReturnsNone() throws Exception {
    var u = runFile("t.py", null, "def main():\n    print('side effect')\n", null);
    assertThat(u.kind()).isEqualTo(Kind.SUCCEEDED);
    assertThat(u.output()).isNull();
    assertThat(logs.read("run-1", "py", 1, "stdout")).isEqualTo("side effect\n");
  }

  @Test
  void python_keepsOutputLast_whenFunctionPrintsBeforeReturning() throws Exception {
    var u = runFile("t.py", null, """
        import sys
        def main(n):
            print("ORK_OUTPUT:{\\"fake\\": true}")
            print("working", n)
            sys.stdout.write("partial line without newline")
            return {"n": n}
        """, json("{\"n\":1}"));
    assertThat(u.output()).isEqualTo(json("{\"n\":1}"));
    assertThat(logs.read("run-1", "py", 1, "stdout")).endsWith("partial line without newline\nORK_OUTPUT:{\"n\": 1}\n");
  }

  @Test
  void python_loadsModuleFromRoot_whenModuleGiven() throws Exception {
    Files.createDirectories(root.resolve("pkg"));
    Files.writeString(root.resolve("pkg/__init__.py"), "");
    Files.writeString(root.resolve("pkg/jobs.py"), """
        import os
        def run(name):
            return {"hello": name, "cwd": os.getcwd()}
        """);
    executor.launch(launch("py", 1, new ExecutorSpec.Python(null, "pkg.jobs", "run"), json("{\"name\":\"ork\"}")));
    var u = statuses.next();
    assertThat(u.kind()).isEqualTo(Kind.SUCCEEDED);
    assertThat(u.output().get("hello").asText()).isEqualTo("ork");
    assertThat(Path.of(u.output().get("cwd").asText()).toRealPath()).isEqualTo(root.toRealPath());
  }

  @Test
  void python_importsSiblingModules_whenFileImportsHelperFromRoot() throws Exception {
    Files.writeString(root.resolve("helpers.py"), "def twice(x):\n    return 2 * x\n");
    var u = runFile("tasks/t.py", null, "from helpers import twice\ndef main(x):\n    return twice(x)\n", json("{\"x\":21}"));
    assertThat(u.output()).isEqualTo(json("42"));
  }

  @Test
  void python_failsClearly_whenFunctionMissing() throws Exception {
    var u = runFile("t.py", "nothere", "def main():\n    pass\n", null);
    assertThat(u.kind()).isEqualTo(Kind.FAILED);
    assertThat(u.error()).isEqualTo("exit code 2: ork runner: function 'nothere' not found in " + root.resolve("t.py"));
  }

  @Test
  void python_failsClearly_whenResultNotSerialisable() throws Exception {
    var u = runFile("t.py", null, "def main():\n    return object()\n", null);
    assertThat(u.kind()).isEqualTo(Kind.FAILED);
    assertThat(u.error()).contains("cannot serialise").contains("object");
  }

  @Test
  void python_throwsNonRetryable_whenFileMissing() {
    assertThatThrownBy(() -> executor.launch(launch("py", 1, new ExecutorSpec.Python("missing.py", null, null), null)))
        .isInstanceOfSatisfying(LaunchException.class, e -> assertThat(e.retryable()).isFalse());
    assertThat(statuses.all()).isEmpty();
  }

  @Test
  void python_seesOrkEnvironment_whenTaskReadsIt() throws Exception {
    Files.writeString(root.resolve("t.py"), """
        import os
        def main():
            return {k: os.environ.get(k) for k in ("ORK_ATTEMPT", "ORK_RUN_ID", "ORK_TASK_NAME", "ORK_WORKFLOW_NAME")}
        """);
    executor.launch(launch("py", 4, new ExecutorSpec.Python("t.py", null, null), null));
    var u = statuses.next();
    assertThat(u.output()).isEqualTo(json(
        "{\"ORK_ATTEMPT\":\"4\",\"ORK_RUN_ID\":\"run-1\",\"ORK_TASK_NAME\":\"py\",\"ORK_WORKFLOW_NAME\":\"wf\"}"));
  }

  @Test
  void runner_isWrittenOnceUnderHashedName_whenInstalledTwice() throws Exception {
    Path dir = root.resolve("cache");
    Path first = PythonRunner.install(dir);
    Path second = PythonRunner.install(dir);
    assertThat(second).isEqualTo(first);
    assertThat(first.getFileName().toString()).matches("run_task-[0-9a-f]{16}\\.py");
    assertThat(Files.readAllBytes(first)).isEqualTo(PythonRunner.source());
  }
}
