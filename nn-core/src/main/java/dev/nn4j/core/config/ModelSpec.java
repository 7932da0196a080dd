package dev.nn4j.core.config;

import dev.nn4j.core.PluginSpec;

/**
 * Everything one configuration document describes.
 *
 * @param name a name for reports and file names
 * @param network the layers and how their weights start
 * @param loss the cost, parameters resolved
 * @param optimizer the update rule, parameters resolved
 * @param training epochs, batches, splits
 * @param data where the samples come from, or null when the document has no {@code data}
 *     section (the application gives {@link dev.nn4j.core.model.Training.Builder} its data)
 * @param text the document as written, kept so a model file can carry it
 */
public record ModelSpec(String name, NetworkSpec network, PluginSpec loss, PluginSpec optimizer,
    TrainingSpec training, DataSpec data, String text) {}
