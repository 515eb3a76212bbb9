package dev.ork.core.workflow;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A task's {@code foreach:}: the list it runs once per element of, read from a dependency's output,
 * and how many of its instances may run at once ({@code maxConcurrency} null: all of them).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Foreach(Binding.Ref list, Integer maxConcurrency) {

  /** The most elements one foreach may fan out to. */
  public static final int MAX_INSTANCES = 10_000;

  /** How many instances run at once for a list of {@code size} elements: the width of the lanes. */
  public int lanes(int size) {
    return maxConcurrency == null ? size : Math.min(maxConcurrency, size);
  }
}
