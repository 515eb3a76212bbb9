package dev.ork.infra.trackers;

import dev.ork.core.port.JobTracker;
import java.util.List;
import java.util.function.Supplier;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.athena.AthenaClient;
import software.amazon.awssdk.services.batch.BatchClient;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.glue.GlueClient;
import software.amazon.awssdk.services.sfn.SfnClient;

/** The job trackers a wiring registers ({@code Deferrals.of(store, JobTrackers.standard())}). */
public final class JobTrackers {
  private JobTrackers() {}

  /** Where the AWS trackers get their clients; each supplier is called once, on the tracker's first use. */
  public record Clients(Supplier<EcsClient> ecs, Supplier<BatchClient> batch, Supplier<GlueClient> glue,
      Supplier<AthenaClient> athena, Supplier<SfnClient> sfn) {

    /**
     * Clients for the environment's region and credentials (on Lambda: {@code AWS_REGION} and the
     * function's role), on the url-connection HTTP client like the rest of Ork. Built lazily.
     */
    public static Clients fromEnvironment() {
      return new Clients(
          () -> EcsClient.builder().httpClient(UrlConnectionHttpClient.create()).build(),
          () -> BatchClient.builder().httpClient(UrlConnectionHttpClient.create()).build(),
          () -> GlueClient.builder().httpClient(UrlConnectionHttpClient.create()).build(),
          () -> AthenaClient.builder().httpClient(UrlConnectionHttpClient.create()).build(),
          () -> SfnClient.builder().httpClient(UrlConnectionHttpClient.create()).build());
    }
  }

  /** All trackers: custom_http, ecs, batch, glue, athena, stepfunctions; AWS clients from the environment. */
  public static List<JobTracker> standard() {
    return standard(Clients.fromEnvironment(), CustomHttpTracker.standard());
  }

  public static List<JobTracker> standard(Clients clients, CustomHttpTracker http) {
    return List.of(
        http,
        new EcsTaskTracker(clients.ecs()),
        new BatchJobTracker(clients.batch()),
        new GlueJobTracker(clients.glue()),
        new AthenaQueryTracker(clients.athena()),
        new StepFunctionsExecutionTracker(clients.sfn()));
  }

  /** Only the trackers that need no AWS client (local mode): custom_http. */
  public static List<JobTracker> local() {
    return List.of(CustomHttpTracker.standard());
  }
}
