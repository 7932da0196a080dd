/** The built-in optimizers. Each provider's Javadoc gives its update rule. */
package dev.nn4j.optimizers;
