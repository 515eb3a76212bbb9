package dev.ork.infra.sqs;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.testcontainers.DockerClientFactory;

/** Disables a Docker-backed test class where no Docker engine exists, saying so on stdout. */
public final class DockerOrSkip implements ExecutionCondition {
  @Override
  public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
    if (context.getTestMethod().isPresent()) return ConditionEvaluationResult.enabled("class already checked");
    boolean docker;
    try {
      docker = DockerClientFactory.instance().isDockerAvailable();
    } catch (Throwable t) {
      docker = false;
    }
    String name = context.getRequiredTestClass().getSimpleName();
    if (docker) return ConditionEvaluationResult.enabled("Docker is available");
    String reason = name + " SKIPPED: no Docker engine found, so the LocalStack variant of the contract did not run"
        + " (it runs where Docker exists; the ElasticMQ variant covers SQS here)";
    System.out.println("[MessageQueueContract] " + reason);
    return ConditionEvaluationResult.disabled(reason);
  }
}
