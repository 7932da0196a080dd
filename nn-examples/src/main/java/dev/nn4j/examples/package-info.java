/** Runnable examples: the seed articles' networks, trained through the public API. */
package dev.nn4j.examples;
