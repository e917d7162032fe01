package io.kedge.cloud.devapi;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * fabric8's Kubernetes mock server in CRUD mode for the test class, injected into its static
 * {@code KubernetesClient} (and {@code KubernetesMockServer}) fields, with watches that end off the
 * server's event loop (see {@link WatchCloseOffEventLoop}): closing the class never waits a minute
 * on a watch that was streaming when its client went away.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(MockApiExtension.class)
public @interface MockApi {
}
