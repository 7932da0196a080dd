package dev.nn4j.spark;

import java.io.Serializable;

/**
 * Called at the start of every training task with its round (a synchronous step, or a round of
 * parameter averaging; 0-based) and its partition; tests make a task fail once here to see that
 * Spark's retry changes nothing. Production code passes {@link #NONE}.
 */
@FunctionalInterface
interface TaskHook extends Serializable {

  /** No hook. */
  TaskHook NONE = (round, partition) -> { };

  /**
   * Runs before the task's work.
   *
   * @param round the step or round
   * @param partition the task's partition
   */
  void start(long round, int partition);
}
