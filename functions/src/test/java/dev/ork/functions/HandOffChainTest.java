package dev.ork.functions;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Correctness only (no timing): the hand-off bench's harness measures every hop of a chain, with either pump. */
class HandOffChainTest {
  @Test
  void measuresEachHop_withTheStatusHandlersRequests() throws Exception {
    for (int[] pump : new int[][] {{5, 1}, {1, 0}}) {
      try (var chain = new HandOffChain(3, pump[0], pump[1])) {
        var hops = chain.run();
        assertThat(hops).hasSize(2).allSatisfy(h -> {
          assertThat(h.total()).isPositive().isEqualTo(h.queue() + h.handler());
          assertThat(h.requests()).anyMatch(t -> t.operation().equals("Lambda.Invoke"))
              .anyMatch(t -> t.operation().startsWith("DynamoDb.BatchGetItem")); // the batch's read ahead of run and task
        });
      }
    }
  }
}
