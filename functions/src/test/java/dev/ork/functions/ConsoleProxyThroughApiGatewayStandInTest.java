package dev.ork.functions;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ork.cli.remote.ConsoleCommand;
import dev.ork.cli.serve.ServeServer;
import dev.ork.core.port.Clock;
import dev.ork.infra.aws.RequestCounter;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * {@code ork remote console}'s proxy in front of the real {@link ApiHandler} behind {@link ApiGatewayStandIn}
 * (which checks every SigV4 signature): the browser's unsigned calls reach the API signed with the
 * user's credentials, and the loopback guard of `ork serve` holds.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsoleProxyThroughApiGatewayStandInTest {
  private AwsEmulators aws;
  private ApiGatewayStandIn gateway;
  private ServeServer proxy;

  @BeforeAll
  void start() throws Exception {
    aws = new AwsEmulators();
    Clock clock = Instant::now;
    gateway = new ApiGatewayStandIn(new ApiHandler(aws.wiring(clock, new RequestCounter())), "eu-west-1",
        Map.of("AKIDCONSOLE", "console-secret"));
    System.setProperty("aws.accessKeyId", "AKIDCONSOLE");
    System.setProperty("aws.secretAccessKey", "console-secret");
    System.setProperty("aws.region", "eu-west-1");
    proxy = ConsoleCommand.openFor(gateway.url().toString(), 0);
  }

  @AfterAll
  void stop() throws Exception {
    if (proxy != null) proxy.close();
    if (gateway != null) gateway.close();
    if (aws != null) aws.close();
    for (var p : List.of("aws.accessKeyId", "aws.secretAccessKey", "aws.region")) System.clearProperty(p);
  }

  private String[] send(String method, String path, String host, String body) throws IOException {
    try (var socket = new Socket("127.0.0.1", proxy.port())) {
      var bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
      var head = method + " " + path + " HTTP/1.1\r\nHost: " + host + "\r\nContent-Length: " + bytes.length
          + "\r\nConnection: close\r\n\r\n";
      socket.getOutputStream().write(head.getBytes(StandardCharsets.UTF_8));
      socket.getOutputStream().write(bytes);
      var raw = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      return new String[] {raw.substring(9, 12), raw.substring(raw.indexOf("\r\n\r\n") + 4)};
    }
  }

  @Test
  void unsignedBrowserCalls_reachTheApi_signed() throws Exception {
    var host = "127.0.0.1:" + proxy.port();
    int before = gateway.forwarded.get();
    var put = send("PUT", "/v1/workflows/viaconsole", host, "name: viaconsole\ntasks:\n  a: {executor: lambda, function: noop}\n");
    assertThat(put[0]).as(put[1]).isEqualTo("201");
    var list = send("GET", "/v1/runs?workflow=viaconsole", host, null);
    assertThat(list[0]).isEqualTo("200");
    assertThat(list[1]).isEqualTo("{\"runs\":[],\"nextCursor\":null}");
    var missing = send("GET", "/v1/runs/nope", host, null);
    assertThat(missing[0]).isEqualTo("404");
    assertThat(missing[1]).contains("\"code\":\"not_found\"");
    assertThat(gateway.forwarded.get()).isEqualTo(before + 3);
    assertThat(gateway.rejected.get()).as("every forwarded call was signed").isZero();
  }

  @Test
  void aForeignHost_isRefused_beforeAnythingIsSigned() throws Exception {
    int before = gateway.forwarded.get();
    var r = send("GET", "/v1/workflows", "evil.example", null);
    assertThat(r[0]).isEqualTo("421");
    assertThat(gateway.forwarded.get()).isEqualTo(before);
  }
}
