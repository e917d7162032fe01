package io.kedge.console.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.osgi.service.component.annotations.ComponentPropertyType;

/**
 * Declares a web console page on a {@code Servlet} component: the console lists it in the Kedge
 * category under {@code title} at {@code /system/console/LABEL}.
 */
@ComponentPropertyType
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface ConsolePage {
    /** The console's property names are {@code felix.webconsole.label}, {@code .title}, {@code .category}. */
    String PREFIX_ = "felix.webconsole.";

    String label();

    String title();

    String category() default "Kedge";
}
