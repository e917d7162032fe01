package io.kedge.runtime.containerd;

import io.kedge.runtime.api.ContainerRuntime;
import io.kedge.runtime.api.DataFolder;
import io.kedge.runtime.api.RuntimeFailure;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Hashtable;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers the containerd {@link ContainerRuntime} once containerd answers: an existing socket
 * when {@code socket} is configured, else a containerd Kedge runs itself under
 * {@code DIR/runtime/containerd}. Deactivation (bundle stop or update) leaves that containerd and
 * its pods running; the next activation reconnects to it. Only a framework shutdown stops it.
 *
 * <p>Its configuration is required: a node runs containerd only when configured to (a file
 * {@code DIR/etc/io.kedge.runtime.containerd.cfg}, possibly empty), never merely because the
 * bundle is installed.
 */
@Component(configurationPid = ContainerdRuntimeComponent.PID, configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = ContainerdRuntimeComponent.Config.class)
public final class ContainerdRuntimeComponent {
    public static final String PID = "io.kedge.runtime.containerd";
    private static final Logger LOG = LoggerFactory.getLogger(ContainerdRuntimeComponent.class);

    @ObjectClassDefinition(name = "Kedge containerd runtime")
    public @interface Config {
        @AttributeDefinition(description = "Node data folder; empty: the framework property kedge.data, else '.'")
        String data_dir() default "";

        @AttributeDefinition(description = "Socket of an existing containerd; empty: Kedge runs its own")
        String socket() default "";

        @AttributeDefinition(description = "Image of the pod sandboxes (containerd's sandbox_image)")
        String sandbox_image() default "docker.io/library/busybox:latest";

        @AttributeDefinition(description = "Pod subnet of the CNI bridge")
        String cni_subnet() default "10.88.0.0/16";

        @AttributeDefinition(description = "Name of the CNI bridge (at most 15 characters)")
        String cni_bridge() default "kedge0";

        @AttributeDefinition(description = "Folder of the CNI plugins")
        String cni_bin_dir() default "/usr/lib/cni";

        @AttributeDefinition(description = "The containerd program")
        String containerd_binary() default "containerd";

        @AttributeDefinition(description = "Seconds an image pull may take")
        int pull_timeout_seconds() default 120;

        @AttributeDefinition(description = "Seconds containerd may take to answer after it was started")
        int start_timeout_seconds() default 30;
    }

    private final ManagedContainerd managed;
    private final CriChannel channel;
    private final ServiceRegistration<ContainerRuntime> registration;
    private final BundleContext context;

    @Activate
    public ContainerdRuntimeComponent(BundleContext context, Config config) throws IOException, RuntimeFailure {
        this.context = context;
        Path socket;
        if (config.socket().isBlank()) {
            managed = new ManagedContainerd(new ContainerdFiles(dataDir(context, config).resolve("runtime/containerd")),
                    config.containerd_binary());
            managed.ensureStarted(config.sandbox_image(), config.cni_subnet(), config.cni_bridge(), config.cni_bin_dir());
            socket = managed.socket();
        } else {
            managed = null;
            socket = Path.of(config.socket());
        }
        channel = new CriChannel(socket);
        ContainerdRuntime runtime = new ContainerdRuntime(channel, Duration.ofSeconds(30),
                Duration.ofSeconds(config.pull_timeout_seconds()));
        try {
            String version = Readiness.await(runtime, managed, Duration.ofSeconds(config.start_timeout_seconds()));
            LOG.info("{} answers on {}", version, socket);
        } catch (RuntimeFailure e) {
            channel.close();
            throw e;
        }
        Hashtable<String, Object> props = new Hashtable<>();
        props.put(ContainerRuntime.NAME_PROPERTY, ContainerdRuntime.NAME);
        registration = context.registerService(ContainerRuntime.class, runtime, props);
    }

    @Deactivate
    void deactivate() {
        registration.unregister();
        channel.close();
        if (managed != null && context.getBundle(0).getState() == Bundle.STOPPING) {
            managed.stop(Duration.ofSeconds(10));
        }
    }

    /** The node's rule; the working folder as last resort keeps the unix socket's path short. */
    static Path dataDir(BundleContext context, Config config) {
        return DataFolder.resolve(config.data_dir(), context.getProperty(DataFolder.FRAMEWORK_PROPERTY), () -> Path.of("."));
    }
}
