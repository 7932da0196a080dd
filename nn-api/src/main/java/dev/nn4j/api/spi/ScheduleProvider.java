package dev.nn4j.api.spi;

/**
 * Registers a {@link LearningRateSchedule} under a name. List implementations in {@code
 * META-INF/services/dev.nn4j.api.spi.ScheduleProvider}.
 *
 * @param <P> the parameters record
 */
public interface ScheduleProvider<P extends Record> extends PluginProvider<P, LearningRateSchedule> {}
