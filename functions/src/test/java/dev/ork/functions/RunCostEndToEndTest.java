package dev.ork.functions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.fasterxml.jackson.databind.JsonNode;
import dev.ork.core.cost.RunUsage;
import dev.ork.infra.aws.CapacityUnits;
import dev.ork.infra.aws.RequestCounter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.DoubleAdder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/**
 * Cost per run through the handlers on dynoxide and ElasticMQ (Lambda Invoke: the stand-in): a run
 * started through the API and carried by the dispatcher and status handlers records what it consumed,
 * and GET /runs/{id} shows it. Checked against independent counts of the same requests: the write units
 * the table reported for every request (an interceptor of the test's own), the SQS sends counted by
 * RequestCounter, and the batches the pumps delivered.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RunCostEndToEndTest {
  private static final String CHAIN = """
      name: chain
      tasks:
        a: {executor: lambda, function: noop, output_type: {ok: bool}}
        b: {executor: lambda, function: noop, depends_on: [a], output_type: {ok: bool}}
        c: {executor: lambda, function: noop, depends_on: [a], output_type: {ok: bool}}
        d: {executor: lambda, function: noop, depends_on: [b, c], output_type: {ok: bool}}
      """;

  private AwsEmulators aws;
  private final RequestCounter counter = new RequestCounter();
  private final WriteUnits tableReported = new WriteUnits();
  private Wiring apiWiring, dispatchWiring, statusWiring;
  private ApiCalls api;
  private StatusUpdateHandler status;
  private SqsPump dispatchPump, statusPump;
  private String runId;
  private JsonNode cost;

  /** Write units as the table reports them, for every DynamoDB request of the handlers. */
  static final class WriteUnits implements ExecutionInterceptor {
    final DoubleAdder total = new DoubleAdder();

    @Override
    public void afterExecution(Context.AfterExecution ctx, ExecutionAttributes attrs) {
      total.add(CapacityUnits.of(ctx.response()).write());
    }

    @Override
    public void onExecutionFailure(Context.FailedExecution ctx, ExecutionAttributes attrs) {
      total.add(CapacityUnits.refusedWriteUnits(ctx.request(), ctx.exception()));
    }
  }

  @BeforeAll
  void run() throws Exception {
    aws = new AwsEmulators();
    aws.lambda.register("noop", (in, ctx) -> Map.of("ok", true));
    var clock = dev.ork.core.port.Clock.system();
    apiWiring = Wiring.create(aws.env(), clock, counter, tableReported);
    dispatchWiring = Wiring.create(aws.env(), clock, counter, tableReported);
    statusWiring = Wiring.create(aws.env(), clock, counter, tableReported);
    api = new ApiCalls(new ApiHandler(apiWiring));
    api.register("chain", CHAIN);
    tableReported.total.reset(); // the registration is nobody's run
    counter.reset();
    status = new StatusUpdateHandler(statusWiring);
    dispatchPump = new SqsPump("cost-dispatch", aws.sqs, aws.dispatch.url(), new DispatcherHandler(dispatchWiring));
    statusPump = new SqsPump("cost-status", aws.sqs, aws.status.url(), status);
    dispatchPump.context = new LambdaContextStandIn("ork-dispatcher", 1024);
    statusPump.context = new LambdaContextStandIn("ork-status", 1024);
    runId = api.startRun("chain");
    assertThat(api.awaitFinished(runId, 60).path("status").asText()).isEqualTo("succeeded");
    dispatchPump.close();
    statusPump.close(); // every batch handled and accounted before the figures are read
    cost = api.run(runId).path("cost");
  }

  @AfterAll
  void close() {
    aws.close();
  }

  private RunUsage seen() {
    return apiWiring.accounting().meter().seen(runId).plus(dispatchWiring.accounting().meter().seen(runId))
        .plus(statusWiring.accounting().meter().seen(runId));
  }

  private int batches() {
    return dispatchPump.batches.size() + statusPump.batches.size();
  }

  @Test
  @Order(1)
  void theRunRecordsEveryWriteUnitTheTableReported_includingItsOwnUsageWrites() {
    double wru = cost.path("dynamodb").path("wru").asDouble();
    assertThat(wru).as("a run of 4 tasks: at least a claim and a finish per task").isGreaterThanOrEqualTo(8);
    assertThat(wru).as(cost.toString()).isCloseTo(tableReported.total.sum(), within(1e-3));
    assertThat(wru).isCloseTo(seen().wru(), within(1e-3));
    assertThat(cost.path("dynamodb").path("rru").asDouble()).isPositive().isCloseTo(seen().rru(), within(1e-3));
  }

  @Test
  @Order(2)
  void sqsRequestsAreTheSendsPlusTheEventSourcesReceiveAndDeletePerBatch() {
    long sends = counter.count("Sqs.SendMessage") + counter.count("Sqs.SendMessageBatch");
    assertThat(sends).isPositive();
    assertThat(cost.path("sqsRequests").asDouble()).as(cost.toString()).isCloseTo(sends + 2.0 * batches(), within(1e-3));
  }

  @Test
  @Order(3)
  void invocationsAreTheApiCallPlusEveryHandlerBatch_andGbSecondsAtLeastAMillisecondEach() {
    assertThat(cost.path("lambda").path("invocations").asDouble()).isCloseTo(1 + batches(), within(1e-3));
    assertThat(cost.path("lambda").path("gbSeconds").asDouble()).as("1 GB x >=1 ms per batch")
        .isGreaterThanOrEqualTo(batches() * 0.001 - 1e-3);
  }

  @Test
  @Order(4)
  void theRunObjectShowsTheEstimateAtTheRegionsListPrices() {
    assertThat(cost.path("prices").asText()).startsWith("us-east-1 ").endsWith(" arm64");
    double usd = cost.path("estimatedUsd").asDouble();
    var parts = cost.path("usd");
    double sum = 0;
    for (var part : List.of("dynamodbWrites", "dynamodbReads", "sqs", "lambdaRequests", "lambdaDuration")) {
      assertThat(parts.path(part).isNumber()).as(part).isTrue();
      sum += parts.path(part).asDouble();
    }
    assertThat(usd).isPositive().isCloseTo(sum, within(1e-8));
    assertThat(parts.path("dynamodbWrites").asDouble()).isCloseTo(cost.path("dynamodb").path("wru").asDouble() * 0.625e-6, within(1e-8));
  }

  @Test
  @Order(5)
  void aDuplicateDeliveryIsCountedAsTheConsumptionItIs_withoutChangingTheRun() throws Exception {
    var before = api.run(runId);
    var body = statusPump.batches.getFirst().bodies().getFirst();
    var message = new SQSEvent.SQSMessage();
    message.setMessageId("duplicate-1");
    message.setBody(body);
    message.setAttributes(Map.of("ApproximateReceiveCount", "2"));
    var event = new SQSEvent();
    event.setRecords(List.of(message));
    double wruBefore = tableReported.total.sum();
    status.handleRequest(event, new LambdaContextStandIn("ork-status", 1024));
    var after = api.run(runId);
    assertThat(after.path("tasksTerminal").asInt()).isEqualTo(before.path("tasksTerminal").asInt());
    assertThat(after.path("status").asText()).isEqualTo("succeeded");
    var c0 = before.path("cost");
    var c1 = after.path("cost");
    assertThat(c1.path("lambda").path("invocations").asDouble() - c0.path("lambda").path("invocations").asDouble())
        .isCloseTo(1, within(1e-3));
    assertThat(c1.path("sqsRequests").asDouble() - c0.path("sqsRequests").asDouble()).as("its receive and delete")
        .isCloseTo(2, within(1e-3));
    assertThat(c1.path("dynamodb").path("wru").asDouble() - c0.path("dynamodb").path("wru").asDouble())
        .as("what the duplicate's refused writes and the usage ADD consumed")
        .isCloseTo(tableReported.total.sum() - wruBefore, within(1e-3)).isGreaterThanOrEqualTo(1);
  }

  private ApiCalls apiWith(String variable, String value) {
    var env = new java.util.HashMap<>(aws.env());
    env.put(variable, value);
    return new ApiCalls(new ApiHandler(Wiring.create(env, dev.ork.core.port.Clock.system())));
  }

  @Test
  @Order(6)
  void aRegionWithoutListPricesGetsTheUsageAndNoEstimate_sayingWhichRegionsHavePrices() throws Exception {
    var c = apiWith(OrkEnvironment.PRICING_REGION, "eu-west-1").run(runId).path("cost");
    assertThat(c.path("dynamodb").path("wru").asDouble()).isEqualTo(api.run(runId).path("cost").path("dynamodb").path("wru").asDouble());
    assertThat(c.path("estimatedUsd").isNull()).as(c.toString()).isTrue();
    assertThat(c.path("prices").asText()).contains("'eu-west-1'").contains("us-east-1").contains("PricingRegion");
  }

  @Test
  @Order(7)
  void withCostPerRunOff_aRunRecordsNothingAndShowsNoCost() throws Exception {
    var off = apiWith(OrkEnvironment.RUN_COST, "off");
    var started = off.startRun("chain");
    assertThat(off.run(started).has("cost")).isFalse();
    var usage = new dev.ork.infra.dynamodb.DynamoDbRunUsage(dev.ork.infra.dynamodb.Dynoxide.client(),
        dev.ork.infra.dynamodb.DynamoDbStoreConfig.defaults(aws.table));
    assertThat(usage.read(started)).as("no usage written for the run's start").isEmpty();
    assertThat(usage.read(runId)).as("the run started with accounting on has its usage").isPresent();
  }
}
