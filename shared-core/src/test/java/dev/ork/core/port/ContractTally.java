package dev.ork.core.port;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Counts the contract tests a backend ran and prints one line per test class when it is done, e.g.
 * {@code [contract] SqliteRunStoreTest: RunStoreContract 27 run, 0 failed}.
 */
public final class ContractTally implements AfterTestExecutionCallback, AfterAllCallback {

  private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(ContractTally.class);

  @Override
  public void afterTestExecution(ExtensionContext context) {
    var store = context.getParent().orElseThrow().getStore(NS);
    store.getOrComputeIfAbsent("run", k -> new AtomicInteger(), AtomicInteger.class).incrementAndGet();
    if (context.getExecutionException().isPresent()) {
      store.getOrComputeIfAbsent("failed", k -> new AtomicInteger(), AtomicInteger.class).incrementAndGet();
    }
  }

  @Override
  public void afterAll(ExtensionContext context) {
    var store = context.getStore(NS);
    var run = store.getOrComputeIfAbsent("run", k -> new AtomicInteger(), AtomicInteger.class).get();
    var failed = store.getOrComputeIfAbsent("failed", k -> new AtomicInteger(), AtomicInteger.class).get();
    var testClass = context.getRequiredTestClass();
    var contract = testClass.getSuperclass() == null ? "?" : testClass.getSuperclass().getSimpleName();
    System.out.printf("[contract] %s: %s %d run, %d failed%n", testClass.getSimpleName(), contract, run, failed);
  }
}
