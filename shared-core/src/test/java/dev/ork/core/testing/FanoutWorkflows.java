package dev.ork.core.testing;

import dev.ork.core.compiler.WorkflowCompiler;
import dev.ork.core.workflow.CompiledWorkflow;

/** Map-reduce workflows in YAML (list → foreach → combine), compiled for engine tests. */
public final class FanoutWorkflows {
  private FanoutWorkflows() {}

  /** list (output {xs: [int]}) → square (foreach over xs, max_concurrency, retries) → total (reads [int]). */
  public static CompiledWorkflow mapReduce(Integer maxConcurrency, int retries) {
    return compile("""
        name: mapreduce
        tasks:
          list:
            executor: process
            command: "true"
            output_type: {xs: [int]}
          square:
            executor: process
            command: "true"
            depends_on: [list]
            foreach: {ref: tasks.list.output.xs}
        %s    retries: %d
            input_type: {x: int, i: int}
            inputs: {x: {ref: item}, i: {ref: item_index}}
            output_type: int
          total:
            executor: process
            command: "true"
            depends_on: [square]
            input_type: {squares: [int]}
            inputs: {squares: {ref: tasks.square.output}}
        """.formatted(maxConcurrency == null ? "" : "    max_concurrency: " + maxConcurrency + "\n", retries));
  }

  public static CompiledWorkflow compile(String yaml) {
    return new WorkflowCompiler().compileSource(yaml, "flow.yaml", null).workflow();
  }
}
