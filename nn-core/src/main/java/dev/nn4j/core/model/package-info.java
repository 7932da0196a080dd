/**
 * Model files: a trained {@link dev.nn4j.core.model.Model} (network, feature scaling, class names,
 * loss and the configuration it came from) saved and loaded by {@link
 * dev.nn4j.core.model.ModelFile}.
 */
package dev.nn4j.core.model;
