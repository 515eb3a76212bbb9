package dev.ork.functions;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintStream;
import java.time.Clock;

/**
 * CloudWatch metrics in embedded metric format: one JSON line on stdout per data point, which
 * CloudWatch Logs turns into a metric in namespace {@value #NAMESPACE} with the dimension sets
 * [Stack] and [Stack, Workflow] (the alarms and the dashboard read the [Stack] ones). No PutMetricData
 * call, no IAM grant, nothing billed at idle. The run id rides along as a plain property (searchable
 * in Logs Insights, not a dimension).
 */
final class Metrics {
  static final String NAMESPACE = "Ork";
  private static final ObjectMapper JSON = new ObjectMapper();
  static volatile PrintStream out = System.out;
  static volatile Clock clock = Clock.systemUTC();

  private Metrics() {}

  /** The stack name the template passes as ORK_STACK_NAME ("local" outside Lambda). */
  static String stack() {
    var s = System.getenv(OrkEnvironment.STACK_NAME);
    return s == null || s.isBlank() ? "local" : s;
  }

  static void count(String metric, String workflow, String runId) {
    emit(metric, "Count", 1, workflow, runId);
  }

  static void millis(String metric, long value, String workflow, String runId) {
    emit(metric, "Milliseconds", value, workflow, runId);
  }

  static void emit(String metric, String unit, double value, String workflow, String runId) {
    ObjectNode line = JSON.createObjectNode();
    var aws = line.putObject("_aws");
    aws.put("Timestamp", clock.millis());
    var directive = aws.putArray("CloudWatchMetrics").addObject();
    directive.put("Namespace", NAMESPACE);
    var dimensions = directive.putArray("Dimensions");
    dimensions.addArray().add("Stack");
    if (workflow != null) dimensions.addArray().add("Stack").add("Workflow");
    directive.putArray("Metrics").addObject().put("Name", metric).put("Unit", unit);
    line.put("Stack", stack());
    if (workflow != null) line.put("Workflow", workflow);
    if (runId != null) line.put("runId", runId);
    line.put(metric, value);
    out.println(line);
  }
}
