package io.kedge.deployfolder;

import java.util.TreeMap;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceEvent;
import org.osgi.framework.ServiceListener;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.SynchronousBundleListener;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Says in the node's log what happens to the bundles of FileInstall's watched folders (e.g. {@code
 * DIR/deploy}): installed, updated, started, stopped, uninstalled, and the services they register with their
 * {@code kedge.*} properties (a mapper's protocol). FileInstall itself logs why a bundle failed to resolve or
 * start. Framework listeners only: no thread of its own.
 */
@Component(immediate = true, service = {})
public final class DeployedBundles implements SynchronousBundleListener, ServiceListener {
    private static final Logger LOG = LoggerFactory.getLogger(DeployedBundles.class);

    private final BundleContext context;
    private final WatchedFolders folders;

    @Activate
    public DeployedBundles(BundleContext context) {
        this.context = context;
        this.folders = WatchedFolders.parse(context.getProperty(WatchedFolders.PROPERTY));
        context.addBundleListener(this);
        context.addServiceListener(this);
        LOG.info("Bundle jars in {} are installed, updated and uninstalled as they are added, replaced and removed",
                folders);
        for (Bundle bundle : context.getBundles()) {
            folders.fileOf(bundle.getLocation()).ifPresent(file -> LOG.info("Deployed bundle {} {} present, {} ({})",
                    bundle.getSymbolicName(), bundle.getVersion(), state(bundle.getState()), file));
        }
    }

    @Deactivate
    void deactivate() {
        context.removeServiceListener(this);
        context.removeBundleListener(this);
    }

    @Override
    public void bundleChanged(BundleEvent event) {
        Bundle bundle = event.getBundle();
        String what = switch (event.getType()) {
            case BundleEvent.INSTALLED -> "installed";
            case BundleEvent.UPDATED -> "updated";
            case BundleEvent.STARTED -> "started";
            case BundleEvent.STOPPED -> "stopped";
            case BundleEvent.UNINSTALLED -> "uninstalled";
            default -> null;
        };
        if (what != null) {
            folders.fileOf(bundle.getLocation()).ifPresent(file -> LOG.info("Deployed bundle {} {} {} ({})",
                    bundle.getSymbolicName(), bundle.getVersion(), what, file));
        }
    }

    @Override
    public void serviceChanged(ServiceEvent event) {
        ServiceReference<?> reference = event.getServiceReference();
        Bundle bundle = reference.getBundle();
        String what = switch (event.getType()) {
            case ServiceEvent.REGISTERED -> "registered";
            case ServiceEvent.UNREGISTERING -> "unregisters";
            default -> null;
        };
        if (what != null && bundle != null && folders.fileOf(bundle.getLocation()).isPresent()) {
            LOG.info("Deployed bundle {} {} {} {} {}", bundle.getSymbolicName(), bundle.getVersion(), what,
                    String.join(",", (String[]) reference.getProperty(Constants.OBJECTCLASS)), kedgeProperties(reference));
        }
    }

    private static TreeMap<String, Object> kedgeProperties(ServiceReference<?> reference) {
        TreeMap<String, Object> properties = new TreeMap<>();
        for (String key : reference.getPropertyKeys()) {
            if (key.startsWith("kedge.")) {
                properties.put(key, reference.getProperty(key));
            }
        }
        return properties;
    }

    private static String state(int state) {
        return switch (state) {
            case Bundle.ACTIVE -> "active";
            case Bundle.RESOLVED -> "resolved, not started";
            case Bundle.INSTALLED -> "installed, not resolved";
            case Bundle.STARTING -> "starting";
            case Bundle.STOPPING -> "stopping";
            default -> "state " + state;
        };
    }
}
