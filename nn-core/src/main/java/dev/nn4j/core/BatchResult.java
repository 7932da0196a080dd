package dev.nn4j.core;

/**
 * One gradient step, as reported to {@link TrainingListener#onBatchEnd}.
 *
 * @param epoch 1-based epoch number
 * @param batch 1-based batch number within the epoch
 * @param batches batches per epoch
 * @param loss the loss on this batch, before the update
 */
public record BatchResult(int epoch, int batch, int batches, double loss) {}
