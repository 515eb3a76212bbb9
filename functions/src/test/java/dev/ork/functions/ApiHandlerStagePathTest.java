package dev.ork.functions;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import org.junit.jupiter.api.Test;

class ApiHandlerStagePathTest {
  private static APIGatewayV2HTTPEvent event(String rawPath, String stage) {
    return APIGatewayV2HTTPEvent.builder().withRawPath(rawPath)
        .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder().withStage(stage).build()).build();
  }

  @Test
  void routePath_dropsTheNamedStage_thatApiGatewayKeepsInRawPath() {
    assertThat(ApiHandler.routePath(event("/v1/workflows/diamond/runs", "v1"))).isEqualTo("/workflows/diamond/runs");
    assertThat(ApiHandler.routePath(event("/v1", "v1"))).isEqualTo("/");
  }

  @Test
  void routePath_keepsThePath_onTheDefaultStageOrWithoutStage() {
    assertThat(ApiHandler.routePath(event("/workflows", "$default"))).isEqualTo("/workflows");
    assertThat(ApiHandler.routePath(event("/workflows", null))).isEqualTo("/workflows");
    assertThat(ApiHandler.routePath(event("/v1x/workflows", "v1"))).isEqualTo("/v1x/workflows");
  }
}
