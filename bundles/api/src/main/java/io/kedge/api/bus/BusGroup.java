package io.kedge.api.bus;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.osgi.service.component.annotations.ComponentPropertyType;

/**
 * Declares on a {@link MessageHandler} component the bus group it receives: produces the service
 * property {@value MessageHandler#GROUP}.
 */
@ComponentPropertyType
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface BusGroup {
    /** Prepended to the name DS derives from this annotation's name: {@code kedge.bus.group}. */
    String PREFIX_ = "kedge.";

    /** The bus group, owned by the module (e.g. {@code meta}). */
    String value();
}
