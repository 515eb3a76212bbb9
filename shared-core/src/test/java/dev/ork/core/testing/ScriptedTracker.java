package dev.ork.core.testing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ork.core.port.JobTracker;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A tracker whose answers the test sets per job id; records polls and cancels. */
public final class ScriptedTracker implements JobTracker {
  private final Map<String, Object> answers = new HashMap<>();
  public final List<String> polls = new ArrayList<>();
  public final List<String> cancels = new ArrayList<>();

  @Override public String serviceType() { return "scripted"; }

  @Override public List<String> requiredFields() { return List.of("job_id"); }

  /** {@code answer}: a Poll, or an Exception to throw. Unset jobs are running. */
  public synchronized void answer(String jobId, Object answer) {
    answers.put(jobId, answer);
  }

  @Override
  public synchronized Poll poll(JsonNode jobData) throws Exception {
    var id = jobData.get("job_id").asText();
    polls.add(id);
    var a = answers.getOrDefault(id, new Poll.Running());
    if (a instanceof Exception e) throw e;
    return (Poll) a;
  }

  @Override
  public synchronized void cancel(JsonNode jobData) {
    cancels.add(jobData.get("job_id").asText());
  }
}
