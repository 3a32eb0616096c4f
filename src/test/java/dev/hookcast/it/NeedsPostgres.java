package dev.hookcast.it;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** A test class that needs PostgreSQL whatever the suite's audit store: {@link PostgresSuite} skips it without. */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@interface NeedsPostgres {
}
