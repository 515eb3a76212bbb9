package dev.ork.api;

import dev.ork.core.engine.EngineException;
import java.util.function.Consumer;

/** One answer per request, whichever server carries it (Lambda ApiHandler, `ork serve`): errors as JSON. */
public final class ApiAnswers {
  private ApiAnswers() {}

  /**
   * The route's answer; a client mistake becomes its JSON error with a stable code, anything else a
   * {@code 500 internal} naming only {@code requestId}, the exception told to {@code onBug}.
   */
  public static ApiRoutes.Response answer(ApiRoutes routes, ApiRoutes.Request request, String requestId,
      Consumer<RuntimeException> onBug) {
    try {
      return routes.handle(request);
    } catch (ApiError e) {
      return new ApiRoutes.Response(e.status(), ApiRoutes.errorBody(e.code(), e.getMessage(), e.details()));
    } catch (EngineException e) {
      return new ApiRoutes.Response(ApiRoutes.engineStatus(e), ApiRoutes.engineErrorBody(e));
    } catch (RuntimeException e) {
      onBug.accept(e);
      return new ApiRoutes.Response(500, ApiRoutes.errorBody("internal",
          "internal error" + (requestId == null ? "" : " (request " + requestId + ")"), null));
    }
  }
}
