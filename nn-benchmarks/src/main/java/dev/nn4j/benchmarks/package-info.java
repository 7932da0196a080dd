/**
 * JMH benchmarks of nn4j. Run them from the shaded jar: {@code java -jar
 * nn-benchmarks/target/benchmarks.jar} (see BENCHMARKS.md for the exact commands and figures).
 */
package dev.nn4j.benchmarks;
