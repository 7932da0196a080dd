/** The built-in optimizers and learning-rate schedules. Each provider's Javadoc gives its rule. */
package dev.nn4j.optimizers;
