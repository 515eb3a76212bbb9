package dev.ork.functions;

import static dev.ork.functions.SamTemplate.list;
import static dev.ork.functions.SamTemplate.map;
import static dev.ork.functions.SamTemplate.render;
import static dev.ork.functions.SamTemplate.target;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * template.yaml's operations side (docs/operations.md): alarms and where they notify, the dashboard,
 * concurrency limits, API throttling and access logs, tracing, and the environment the metrics and
 * run events need.
 */
class OperationsTemplateTest {
  static SamTemplate template;

  @BeforeAll
  static void load() {
    template = SamTemplate.load();
  }

  static Map<String, Object> alarm(String id) {
    assertThat(template.resource(id).get("Type")).as(id).isEqualTo("AWS::CloudWatch::Alarm");
    var p = template.properties(id);
    assertThat(list(p.get("AlarmActions")).stream().map(SamTemplate::target)).as(id + " notifies").containsExactly("AlarmTopic");
    assertThat(p.get("TreatMissingData")).as(id + ": an idle stack is quiet").isEqualTo("notBreaching");
    assertThat(String.valueOf(p.get("AlarmDescription"))).as(id + " says where the runbook is").contains("docs/operations.md#");
    return p;
  }

  @Test
  void everyDeadLetterQueue_hasADepthAlarmAboveZero() {
    for (var dlq : List.of("DispatchDLQ", "StatusDLQ")) {
      var p = alarm(dlq + "DepthAlarm");
      assertThat(p).containsEntry("Namespace", "AWS/SQS").containsEntry("MetricName", "ApproximateNumberOfMessagesVisible")
          .containsEntry("Threshold", 0).containsEntry("ComparisonOperator", "GreaterThanThreshold");
      assertThat(render(map(list(p.get("Dimensions")).getFirst()).get("Value"))).isEqualTo(dlq + ".QueueName");
    }
    var alarmed = new TreeSet<String>();
    for (var id : template.ofType("AWS::CloudWatch::Alarm")) {
      var dims = list(template.properties(id).get("Dimensions"));
      dims.forEach(d -> { if ("QueueName".equals(map(d).get("Name"))) alarmed.add(render(map(d).get("Value"))); });
    }
    assertThat(alarmed).as("every queue has an alarm").containsExactlyInAnyOrder("DispatchDLQ.QueueName",
        "StatusDLQ.QueueName", "DispatchQueue.QueueName", "StatusQueue.QueueName");
  }

  @Test
  void sourceQueues_alarmOnTheAgeOfTheirOldestMessage_atTheParameterThreshold() {
    for (var q : List.of("DispatchQueue", "StatusQueue")) {
      var p = alarm(q + "AgeAlarm");
      assertThat(p).containsEntry("MetricName", "ApproximateAgeOfOldestMessage").containsEntry("Statistic", "Maximum");
      assertThat(p.get("Threshold")).isEqualTo(Map.of("Ref", "QueueAgeAlarmSeconds"));
    }
  }

  @Test
  void handlerErrorsAndThrottles_sumAllFiveFunctions() {
    var functions = new TreeSet<String>();
    for (var id : template.ofType("AWS::Serverless::Function")) {
      if (String.valueOf(template.properties(id).get("Handler")).startsWith(TemplateTest.HANDLER_PACKAGE)) functions.add(id);
    }
    assertThat(functions).hasSize(5);
    for (var metric : List.of("Errors", "Throttles")) {
      var p = alarm("Handler" + metric + "Alarm");
      var queries = list(p.get("Metrics")).stream().map(SamTemplate::map).toList();
      var returned = queries.stream().filter(q -> Boolean.TRUE.equals(q.get("ReturnData"))).toList();
      assertThat(returned).singleElement().satisfies(q -> assertThat(String.valueOf(q.get("Expression")))
          .isEqualTo("api + tick + dispatcher + status + triggerer"));
      var covered = new TreeSet<String>();
      for (var q : queries) {
        if (q.get("MetricStat") == null) continue;
        var m = map(map(q.get("MetricStat")).get("Metric"));
        assertThat(m).containsEntry("Namespace", "AWS/Lambda").containsEntry("MetricName", metric);
        covered.add(target(map(list(m.get("Dimensions")).getFirst()).get("Value")));
      }
      assertThat(covered).as(metric + " of every handler").isEqualTo(functions);
    }
  }

  @Test
  void failedRuns_alarmOnTheHandlersEmfMetric() {
    var p = alarm("FailedRunsAlarm");
    assertThat(p).containsEntry("Namespace", Metrics.NAMESPACE).containsEntry("MetricName", "RunsFailed");
    var dim = map(list(p.get("Dimensions")).getFirst());
    assertThat(dim.get("Name")).isEqualTo("Stack");
    assertThat(dim.get("Value")).isEqualTo(Map.of("Ref", "AWS::StackName"));
    var env = map(map(template.globalFunction().get("Environment")).get("Variables"));
    assertThat(env.get(OrkEnvironment.STACK_NAME)).as("the Stack dimension the handlers emit").isEqualTo(Map.of("Ref", "AWS::StackName"));
    assertThat(env.get(OrkEnvironment.EVENT_BUS)).isEqualTo("default");
  }

  @Test
  void alarmTopic_isEncrypted_andMailsOnlyWhenAnAddressIsGiven() {
    assertThat(template.properties("AlarmTopic").get("KmsMasterKeyId")).isEqualTo("alias/aws/sns");
    var sub = template.resource("AlarmEmailSubscription");
    assertThat(sub.get("Condition")).isEqualTo("HasAlarmEmail");
    assertThat(map(sub.get("Properties"))).containsEntry("Protocol", "email").containsEntry("Endpoint", Map.of("Ref", "AlarmEmail"));
    assertThat(map(map(template.root.get("Parameters")).get("AlarmEmail")).get("Default")).isEqualTo("");
  }

  @Test
  void dashboard_showsRunsQueuesAndHandlers() {
    var body = String.valueOf(map(template.properties("OrkDashboard").get("DashboardBody")).get("Fn::Sub"));
    assertThat(body).contains("\"RunsStarted\"", "\"RunsFailed\"", "\"HandlingTime\"", "\"QueueWait\"", "\"TaskDuration\"", "ApproximateAgeOfOldestMessage",
        "${DispatchDLQ.QueueName}", "${StatusDLQ.QueueName}", "\"Throttles\"", "\"Errors\"", "${StatusUpdateFunction}");
    var json = body.replaceAll("\\$\\{[^}]+}", "x");
    assertThat(json).as("the body is JSON once substituted").satisfies(j -> {
      try {
        new com.fasterxml.jackson.databind.ObjectMapper().readTree(j);
      } catch (Exception e) {
        throw new AssertionError("dashboard body is not JSON: " + e.getMessage());
      }
    });
  }

  @Test
  void consumers_haveMaximumConcurrency_andTheApiReservedConcurrencyAndThrottling() {
    for (var entry : Map.of("DispatcherFunction", "DispatcherMaximumConcurrency", "StatusUpdateFunction",
        "StatusMaximumConcurrency").entrySet()) {
      var events = map(template.properties(entry.getKey()).get("Events"));
      var sqs = events.values().stream().map(SamTemplate::map).filter(e -> "SQS".equals(e.get("Type"))).findFirst().orElseThrow();
      assertThat(map(map(sqs.get("Properties")).get("ScalingConfig")).get("MaximumConcurrency"))
          .isEqualTo(Map.of("Ref", entry.getValue()));
    }
    assertThat(String.valueOf(template.properties("ApiFunction").get("ReservedConcurrentExecutions")))
        .contains("HasApiReservedConcurrency", "ApiReservedConcurrency", "AWS::NoValue");
    var api = template.properties("OrkApi");
    var route = map(api.get("DefaultRouteSettings"));
    assertThat(route).containsEntry("ThrottlingRateLimit", Map.of("Ref", "ApiThrottlingRateLimit"))
        .containsEntry("ThrottlingBurstLimit", Map.of("Ref", "ApiThrottlingBurstLimit"));
  }

  @Test
  void apiAccessLogs_areJsonLinesInTheirOwnLogGroup() throws Exception {
    var logs = map(template.properties("OrkApi").get("AccessLogSettings"));
    assertThat(render(logs.get("DestinationArn"))).isEqualTo("ApiAccessLogGroup.Arn");
    var line = new com.fasterxml.jackson.databind.ObjectMapper().readTree((String) logs.get("Format"));
    assertThat(line.fieldNames()).toIterable().contains("requestId", "routeKey", "status", "latencyMs", "userArn");
    assertThat(template.properties("ApiAccessLogGroup").get("RetentionInDays")).isEqualTo(Map.of("Ref", "LogRetentionDays"));
  }

  @Test
  void functions_traceActively_andTheirRolesMayWriteTraces() {
    assertThat(template.globalFunction().get("Tracing")).isEqualTo("Active");
    for (var id : template.ofType("AWS::Serverless::Function")) {
      var tracing = template.functionProperty(id, "Tracing");
      if (!"Active".equals(tracing)) continue;
      var role = target(template.properties(id).get("Role"));
      var actions = new TreeSet<String>();
      for (var policy : list(template.properties(role).get("Policies"))) {
        for (var s : list(map(map(policy).get("PolicyDocument")).get("Statement"))) {
          list(map(s).get("Action")).forEach(a -> actions.add((String) a));
        }
      }
      assertThat(actions).as(id + " traces actively: its role " + role).contains("xray:PutTraceSegments", "xray:PutTelemetryRecords");
    }
  }
}
