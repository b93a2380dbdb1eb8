package dev.effitrain.core.config;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a String record component that holds a file path. The loader makes it absolute, resolved
 * against the directory of the file that set it ({@code --set}: the working directory), so the
 * resolved recipe works from the run directory. Trainer modules may use it on their own records.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.RECORD_COMPONENT, ElementType.FIELD, ElementType.PARAMETER, ElementType.METHOD})
public @interface RecipePath {

    /** Values that are names, not paths, and are kept as written (e.g. {@code bytes} for a tokenizer). */
    String[] keywords() default {};
}
