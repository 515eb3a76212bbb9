package dev.ork.core.port;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/** Knows how to ask an external service about one kind of job ({@code service_type}). */
public interface JobTracker {

  String serviceType();

  /** Fields {@code job_data} must carry, checked when a task hands the job over. */
  List<String> requiredFields();

  /** Asks once. Throws on a transient problem (network, throttling): the triggerer asks again later. */
  Poll poll(JsonNode jobData) throws Exception;

  /** Stops the job where the service allows it; best effort, never throws for a finished job. */
  default void cancel(JsonNode jobData) throws Exception {}

  sealed interface Poll {
    record Running() implements Poll {}

    record Completed() implements Poll {}

    record Failed(String message) implements Poll {}
  }
}
