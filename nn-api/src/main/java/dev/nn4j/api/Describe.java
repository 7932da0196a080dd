package dev.nn4j.api;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A one-line description of a plugin parameter, shown by {@code nn4j plugins} beside its type and
 * default. Put it on a component of a parameters record: {@code record Parameters(@Describe("slope
 * for z <= 0") double alpha)}. Optional.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.RECORD_COMPONENT)
public @interface Describe {

  /** Returns the description: one line, no trailing period needed. */
  String value();
}
