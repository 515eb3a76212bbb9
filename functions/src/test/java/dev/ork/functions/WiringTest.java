package dev.ork.functions;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class WiringTest {
  @Test
  void missing_listsEveryMissingVariable_whenSeveralAreUnset() {
    assertThat(OrkEnvironment.missing("DispatcherHandler", Map.of(OrkEnvironment.TABLE, "t", OrkEnvironment.STATUS_QUEUE_URL, " ")))
        .containsExactly(OrkEnvironment.DISPATCH_QUEUE_URL, OrkEnvironment.STATUS_QUEUE_URL, OrkEnvironment.DISPATCH_DLQ_URL,
            OrkEnvironment.PAYLOAD_BUCKET);
  }

  @Test
  void missing_isEmpty_whenAllAreSet() {
    assertThat(OrkEnvironment.missing("ApiHandler", Map.of(OrkEnvironment.TABLE, "t",
        OrkEnvironment.DISPATCH_QUEUE_URL, "d", OrkEnvironment.STATUS_QUEUE_URL, "s", OrkEnvironment.PAYLOAD_BUCKET, "b"))).isEmpty();
  }
}
