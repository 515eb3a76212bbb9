package dev.ork.core.engine;

import static dev.ork.core.testing.TestWorkflows.object;
import static dev.ork.core.testing.TestWorkflows.prim;
import static dev.ork.core.testing.TestWorkflows.ref;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.ork.core.payload.PayloadRef;
import dev.ork.core.run.RunStatus;
import dev.ork.core.run.StatusUpdate;
import dev.ork.core.run.TaskStatus;
import dev.ork.core.testing.EngineHarness;
import dev.ork.core.testing.InMemoryPayloadStore;
import dev.ork.core.testing.InMemoryRunStore;
import dev.ork.core.testing.TestWorkflows;
import dev.ork.core.workflow.CompiledWorkflow;
import dev.ork.core.workflow.TypeExpr;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The claim check in the engine: outputs past the inline limit stored out of line, refs resolved. */
class PayloadsTest {
  private static final JsonNodeFactory J = JsonNodeFactory.instance;
  private final InMemoryPayloadStore payloads = new InMemoryPayloadStore();
  private final EngineHarness h = new EngineHarness(new InMemoryRunStore(), EngineSettings.defaults(), payloads);

  private static CompiledWorkflow producerAndConsumer() {
    return TestWorkflows.named("big")
        .typed("produce", Map.of(), null, object("blob", prim(TypeExpr.Builtin.STR)))
        .typed("consume", Map.of("blob", ref("produce", "blob")), object("blob", prim(TypeExpr.Builtin.STR)), null, "produce")
        .build();
  }

  private static JsonNode blob(int bytes, char c) {
    return J.objectNode().put("blob", String.valueOf(c).repeat(bytes));
  }

  @Test
  void anOutputOverTheInlineLimit_isStoredOutOfLine_andReachesTheDependentIntact() {
    var run = h.start(producerAndConsumer());
    h.deliverDue();
    var output = blob(5 * 1024 * 1024, 'x');
    h.succeed(run.runId(), "produce", output);

    var stored = h.task(run.runId(), "produce").output();
    assertThat(PayloadRef.isRef(stored)).isTrue();
    var ref = PayloadRef.of(stored).orElseThrow();
    assertThat(ref.sha256()).isEqualTo(PayloadRef.sha256(Payloads.bytes(output)));
    assertThat(OutputCheck.size(stored)).isLessThan(1024);
    var input = h.executor.launches().get(1).input();
    assertThat(PayloadRef.sha256(Payloads.bytes(input.get("blob")))).isEqualTo(PayloadRef.sha256(Payloads.bytes(output.get("blob"))));
    h.succeed(run.runId(), "consume", null);
    assertThat(h.run(run.runId()).status()).isEqualTo(RunStatus.SUCCEEDED);
  }

  @Test
  void anOutputAtTheInlineLimit_staysInline() {
    var run = h.start(producerAndConsumer());
    h.deliverDue();
    var output = blob(1000, 'y');
    h.succeed(run.runId(), "produce", output);
    assertThat(h.task(run.runId(), "produce").output()).isEqualTo(output);
    assertThat(payloads.objects).isEmpty();
  }

  @Test
  void anOutputOver64MiB_failsTheTask_sayingTheLimit() {
    var run = h.start(producerAndConsumer());
    h.deliverDue();
    h.succeed(run.runId(), "produce", blob(EngineSettings.MAX_PAYLOAD_BYTES, 'z'));
    var task = h.task(run.runId(), "produce");
    assertThat(task.status()).isEqualTo(TaskStatus.FAILED);
    assertThat(task.error()).contains("over the " + EngineSettings.MAX_PAYLOAD_BYTES + "-byte limit");
    assertThat(payloads.objects).isEmpty();
  }

  @Test
  void aDuplicatedCompletionWithADifferentOutput_leavesTheFirstStored_andItsRefMatchesItsObject() {
    var run = h.start(producerAndConsumer());
    h.deliverDue();
    int attempt = h.task(run.runId(), "produce").attempt();
    var first = blob(400_000, 'a');
    h.succeed(run.runId(), "produce", first);
    h.status.send(StatusUpdate.succeeded(run.runId(), "produce", attempt, blob(400_000, 'b'), h.clock.now()));
    h.status.send(StatusUpdate.succeeded(run.runId(), "produce", attempt, first, h.clock.now()));
    h.deliverDue();

    var ref = PayloadRef.of(h.task(run.runId(), "produce").output()).orElseThrow();
    assertThat(ref.sha256()).isEqualTo(PayloadRef.sha256(Payloads.bytes(first)));
    assertThat(PayloadRef.sha256(payloads.get(ref))).isEqualTo(ref.sha256());
    assertThat(payloads.objects.keySet()).allMatch(k -> k.contains("/produce/" + attempt + "/"));
    assertThat(h.executor.launchedTasks()).containsExactly("produce", "consume");
  }

  @Test
  void aReportedReference_isReadAndTypeChecked_likeAnInlineOutput() {
    var run = h.start(producerAndConsumer());
    h.deliverDue();
    var wrong = J.objectNode().put("blob", 42);
    var ref = payloads.put(run.runId(), "produce", 1, Payloads.bytes(wrong));
    h.succeed(run.runId(), "produce", ref.toJson());
    var task = h.task(run.runId(), "produce");
    assertThat(task.status()).isEqualTo(TaskStatus.FAILED);
    assertThat(task.error()).contains("does not match output_type");
  }

  @Test
  void aReportedReferenceThatCannotBeRead_failsTheAttempt_sayingWhy() {
    var run = h.start(producerAndConsumer());
    h.deliverDue();
    var gone = new PayloadRef("mem:payloads/" + run.runId() + "/produce/1/" + "0".repeat(64) + ".json", 10, "0".repeat(64));
    h.succeed(run.runId(), "produce", gone.toJson());
    var task = h.task(run.runId(), "produce");
    assertThat(task.status()).isEqualTo(TaskStatus.FAILED);
    assertThat(task.error()).contains("the output reference could not be read").contains("no longer exists");
  }

  @Test
  void aReportedReferenceOver64MiB_failsTheAttempt_beforeAnythingIsRead() {
    var run = h.start(producerAndConsumer());
    h.deliverDue();
    var huge = new PayloadRef("mem:payloads/" + run.runId() + "/produce/1/output.json", EngineSettings.MAX_PAYLOAD_BYTES + 1L, "0".repeat(64));
    h.succeed(run.runId(), "produce", huge.toJson());
    var task = h.task(run.runId(), "produce");
    assertThat(task.status()).isEqualTo(TaskStatus.FAILED);
    assertThat(task.error()).contains("over the " + EngineSettings.MAX_PAYLOAD_BYTES + "-byte limit");
  }

  @Test
  void aReportedReferenceToAnotherAttemptsPayload_failsTheAttempt() {
    var run = h.start(producerAndConsumer());
    h.deliverDue();
    var other = payloads.put(run.runId(), "consume", 1, Payloads.bytes(blob(10, 'w')));
    h.succeed(run.runId(), "produce", other.toJson());
    var task = h.task(run.runId(), "produce");
    assertThat(task.status()).isEqualTo(TaskStatus.FAILED);
    assertThat(task.error()).contains("is not under this attempt's payloads/" + run.runId() + "/produce/1/");
  }

  @Test
  void aForeachOverAnOutOfLineList_expands_andItsInstancesOutOfLineOutputsReachTheCombineAsValues() {
    var wf = dev.ork.core.testing.FanoutWorkflows.compile("""
        name: bigmap
        tasks:
          list: {executor: process, command: "true", output_type: {xs: [str]}}
          upper:
            executor: process
            command: "true"
            depends_on: [list]
            foreach: {ref: tasks.list.output.xs}
            input_type: {x: str}
            inputs: {x: {ref: item}}
            output_type: str
          total:
            executor: process
            command: "true"
            depends_on: [upper]
            input_type: {all: [str]}
            inputs: {all: {ref: tasks.upper.output}}
        """);
    var runId = h.start(wf).runId();
    h.deliverDue();
    var xs = J.arrayNode().add("a".repeat(100_000)).add("b".repeat(100_000)).add("c".repeat(100_000));
    h.succeed(runId, "list", J.objectNode().set("xs", xs));
    assertThat(PayloadRef.isRef(h.task(runId, "list").output())).isTrue();
    for (int i = 0; i < 3; i++) {
      var x = h.executor.launches().get(1 + i).input().get("x").asText();
      h.succeed(runId, "upper[" + i + "]", J.textNode(x.toUpperCase().repeat(3)));
      assertThat(PayloadRef.isRef(h.task(runId, "upper[" + i + "]").output())).isTrue();
    }
    var combined = h.task(runId, "upper").output();
    assertThat(combined.isArray()).isTrue();
    assertThat(combined).allMatch(PayloadRef::isRef);
    var all = h.executor.launches().getLast().input().get("all");
    assertThat(all.size()).isEqualTo(3);
    assertThat(all.get(2).asText()).isEqualTo("C".repeat(300_000));
  }

  @Test
  void withoutAPayloadStore_theInlineLimitIsTheLimit() {
    var plain = new EngineHarness(new InMemoryRunStore(), EngineSettings.defaults());
    var run = plain.start(producerAndConsumer());
    plain.deliverDue();
    plain.succeed(run.runId(), "produce", blob(300 * 1024, 'q'));
    assertThat(plain.task(run.runId(), "produce").status()).isEqualTo(TaskStatus.FAILED);
    assertThat(plain.task(run.runId(), "produce").error()).contains("over the " + (256 * 1024) + "-byte limit");
  }
}
