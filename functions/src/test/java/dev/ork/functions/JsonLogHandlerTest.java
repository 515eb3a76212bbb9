package dev.ork.functions;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;

/** infra's java.util.logging lines become JsonLog lines: one JSON channel, exceptions with their stack. */
class JsonLogHandlerTest {
  @Test
  void aWarningWithAnException_isOneJsonLineWithLevelMessageAndStack() throws Exception {
    var buffer = new ByteArrayOutputStream();
    var before = JsonLog.out;
    JsonLog.out = new PrintStream(buffer, true, StandardCharsets.UTF_8);
    try {
      var r = new LogRecord(Level.WARNING, "ecs StopTask of {0} failed");
      r.setParameters(new Object[] {"arn:aws:ecs:task/x"});
      r.setLoggerName("dev.ork.infra.ecs.EcsExecutor");
      r.setThrown(new IllegalStateException("throttled"));
      new JsonLogHandler().publish(r);
    } finally {
      JsonLog.out = before;
    }
    var lines = buffer.toString(StandardCharsets.UTF_8).lines().toList();
    assertThat(lines).hasSize(1);
    var line = new ObjectMapper().readTree(lines.getFirst());
    assertThat(line.path("level").asText()).isEqualTo("WARN");
    assertThat(line.path("handler").asText()).isEqualTo("EcsExecutor");
    assertThat(line.path("message").asText()).isEqualTo("ecs StopTask of arn:aws:ecs:task/x failed");
    assertThat(line.path("errorType").asText()).isEqualTo("IllegalStateException");
    assertThat(line.path("stack").asText()).contains("java.lang.IllegalStateException: throttled", "\tat ");
  }
}
