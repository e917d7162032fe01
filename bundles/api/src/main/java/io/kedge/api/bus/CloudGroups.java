package io.kedge.api.bus;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.osgi.service.component.annotations.ComponentPropertyType;

/**
 * Declares on a {@link MessageHandler} component the envelope groups of cloud messages it serves:
 * EdgeHub sends every message of those groups from the cloud to the handler's bus group
 * ({@link BusGroup}). Produces the service property {@value #PROPERTY}. A handler registered by
 * hand puts that property itself.
 *
 * <pre>{@code
 * @Component(service = MessageHandler.class)
 * @BusGroup("devicetwin")
 * @CloudGroups("twin")
 * public class TwinHandler implements MessageHandler { ... }
 * }</pre>
 */
@ComponentPropertyType
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface CloudGroups {
    /** Prepended to the name DS derives from this annotation's name. */
    String PREFIX_ = "kedge.";

    /** Service property: the envelope group(s) (String or String[]) of cloud messages the handler serves. */
    String PROPERTY = "kedge.cloud.groups";

    /** Envelope groups, as the cloud names them (e.g. {@code resource}). */
    String[] value();
}
