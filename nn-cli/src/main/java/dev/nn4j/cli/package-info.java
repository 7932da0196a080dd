/**
 * The {@code nn4j} command: {@code train}, {@code evaluate}, {@code predict}, {@code inspect} and
 * {@code plugins}, built on picocli. {@link dev.nn4j.cli.Main#execute} runs a command line
 * in-process and returns its exit code: 0 on success, 2 for a user's mistake (a bad config, a
 * missing file; a one-paragraph message, no stack trace), 1 for an internal error.
 */
package dev.nn4j.cli;
