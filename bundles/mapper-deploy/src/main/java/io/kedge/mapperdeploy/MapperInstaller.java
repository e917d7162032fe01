package io.kedge.mapperdeploy;

import io.kedge.mapper.api.DeviceMapper;
import io.kedge.mapper.api.MapperHealth;
import io.kedge.mapperdeploy.InstalledMappers.Installed;
import io.kedge.protocol.mapper.MapperBundle;
import io.kedge.protocol.mapper.MapperBundleResult;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.wiring.FrameworkWiring;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Installs or updates one mapper bundle and proves it came up, or puts back what ran before.
 *
 * <p>In this order: the SHA-256 of the bytes must be the one the request names (nothing else is read
 * before); the jar must be a bundle that declares a {@link DeviceMapper} ({@link MapperJar}); its
 * symbolic name must not belong to a bundle this installer did not install (a push can never replace
 * a node module or a mapper deployed another way). Then it is installed at location
 * {@code kedge-mapper:{name}} (or that bundle stopped and updated), started, and must register a
 * {@link DeviceMapper} service that reports itself healthy within the health timeout. Any failure
 * (unresolvable imports, an activator that throws, no mapper service, unhealthy) rolls back: a new
 * bundle is uninstalled, an updated one gets its previous jar again and is started. Not thread-safe:
 * one install at a time (the component runs them on one serial executor).
 */
final class MapperInstaller {
    static final String LOCATION_PREFIX = "kedge-mapper:";
    private static final Logger LOG = LoggerFactory.getLogger(MapperInstaller.class);
    private static final long POLL_MILLIS = 50;

    private final BundleContext context;
    private final InstalledMappers installed;
    private final Duration healthTimeout;

    MapperInstaller(BundleContext context, InstalledMappers installed, Duration healthTimeout) {
        this.context = context;
        this.installed = installed;
        this.healthTimeout = healthTimeout;
    }

    static String location(String name) {
        return LOCATION_PREFIX + name;
    }

    /** Never throws: every failure is an answer with its reason. */
    MapperBundleResult install(MapperBundle request) {
        try {
            apply(request);
            LOG.info("Installed {}", request);
            return MapperBundleResult.installed(request);
        } catch (InstallFailure failure) {
            LOG.warn("Refused {}: {}", request, failure.getMessage());
            return MapperBundleResult.failed(request, failure.getMessage());
        } catch (IOException | RuntimeException e) {
            LOG.warn("Could not install {}", request, e);
            return MapperBundleResult.failed(request, "the node could not install it: " + e);
        }
    }

    private void apply(MapperBundle request) throws InstallFailure, IOException {
        if (!request.digestMatches()) {
            throw new InstallFailure("digest mismatch: the bytes have SHA-256 "
                    + MapperBundle.sha256Of(request.bundle()) + ", the request names " + request.sha256());
        }
        byte[] jar = request.bundle();
        MapperJar.Facts facts = MapperJar.inspect(jar);
        String location = location(request.name());
        refuseForeignSymbolicName(facts, location);
        Bundle existing = context.getBundle(location);
        Optional<Installed> recorded = installed.get(request.name());
        if (existing != null && recorded.isPresent() && recorded.get().sha256().equals(request.sha256())
                && existing.getState() == Bundle.ACTIVE && healthyMapperProblem(existing).isEmpty()) {
            installed.recordGeneration(recorded.get(), request.generation());
            return;
        }
        Optional<byte[]> previous = existing == null ? Optional.empty() : installed.currentJar(request.name());
        Bundle bundle = existing;
        try {
            if (existing == null) {
                bundle = context.installBundle(location, new ByteArrayInputStream(jar));
            } else {
                existing.stop();
                existing.update(new ByteArrayInputStream(jar));
                refresh(existing);
            }
            bundle.start();
            awaitHealthyMapper(bundle);
        } catch (BundleException | InstallFailure | RuntimeException e) {
            String reason = reasonOf(e);
            throw new InstallFailure(reason + rollBack(request.name(), bundle, existing != null, previous), e);
        }
        installed.commit(new Installed(request.name(), request.version(), request.sha256(), request.generation()), jar);
    }

    /**
     * Removes mapper {@code name}: the bundle at its location is uninstalled and its record deleted.
     * Touches nothing else; a name this node never installed is a no-op. Failures are logged.
     */
    void remove(String name) {
        try {
            Bundle bundle = context.getBundle(location(name));
            if (bundle != null) {
                bundle.uninstall();
                refresh(bundle);
            }
            installed.remove(name);
            LOG.info("Removed mapper {}", name);
        } catch (BundleException | IOException | RuntimeException e) {
            LOG.warn("Could not remove mapper {}", name, e);
        }
    }

    /**
     * Installs again what is recorded but missing from the framework (its cache cleaned on a restart),
     * and starts what is installed but not active. Failures are logged; the cloud's next push repairs.
     */
    void restore() throws IOException {
        for (Installed mapper : installed.all()) {
            String location = location(mapper.name());
            try {
                Bundle bundle = context.getBundle(location);
                if (bundle == null) {
                    Optional<byte[]> jar = installed.currentJar(mapper.name());
                    if (jar.isEmpty()) {
                        continue;
                    }
                    bundle = context.installBundle(location, new ByteArrayInputStream(jar.get()));
                    LOG.info("Installed mapper {} {} again from {}", mapper.name(), mapper.version(), location);
                }
                if (bundle.getState() != Bundle.ACTIVE) {
                    bundle.start();
                }
            } catch (BundleException | RuntimeException e) {
                LOG.warn("Could not bring back mapper {} {}: {}", mapper.name(), mapper.version(), e.getMessage());
            }
        }
    }

    private void refuseForeignSymbolicName(MapperJar.Facts facts, String location) throws InstallFailure {
        for (Bundle other : context.getBundles()) {
            if (facts.symbolicName().equals(other.getSymbolicName()) && !location.equals(other.getLocation())) {
                throw new InstallFailure("bundle " + facts.symbolicName() + " is already installed from "
                        + other.getLocation() + "; a pushed mapper never replaces a bundle it did not install");
            }
        }
    }

    private void awaitHealthyMapper(Bundle bundle) throws InstallFailure {
        long deadline = System.nanoTime() + healthTimeout.toNanos();
        Optional<String> problem = healthyMapperProblem(bundle);
        while (problem.isPresent() && System.nanoTime() < deadline) {
            sleep(POLL_MILLIS);
            problem = healthyMapperProblem(bundle);
        }
        if (problem.isPresent()) {
            throw new InstallFailure(problem.get() + " within " + healthTimeout.toSeconds() + " s");
        }
    }

    /** Empty when the bundle is active and every DeviceMapper service it registered is healthy. */
    private Optional<String> healthyMapperProblem(Bundle bundle) {
        if (bundle.getState() != Bundle.ACTIVE) {
            return Optional.of("the bundle is not active");
        }
        List<ServiceReference<DeviceMapper>> mappers = new ArrayList<>();
        try {
            for (ServiceReference<DeviceMapper> reference : context.getServiceReferences(DeviceMapper.class, null)) {
                if (reference.getBundle() != null && reference.getBundle().getBundleId() == bundle.getBundleId()) {
                    mappers.add(reference);
                }
            }
        } catch (InvalidSyntaxException impossible) {
            throw new IllegalStateException(impossible);
        }
        if (mappers.isEmpty()) {
            return Optional.of("no " + DeviceMapper.class.getName() + " service registered");
        }
        for (ServiceReference<DeviceMapper> reference : mappers) {
            DeviceMapper mapper = context.getService(reference);
            if (mapper == null) {
                return Optional.of("its mapper service went away");
            }
            try {
                MapperHealth health = mapper.health();
                if (!health.healthy()) {
                    return Optional.of("mapper " + reference.getProperty(DeviceMapper.PROTOCOL) + " is unhealthy: "
                            + health.reason());
                }
            } catch (RuntimeException e) {
                return Optional.of("mapper health check threw " + e);
            } finally {
                context.ungetService(reference);
            }
        }
        return Optional.empty();
    }

    /** Puts back what ran before; returns what to add to the reason when that failed too. */
    private String rollBack(String name, Bundle bundle, boolean wasInstalled, Optional<byte[]> previous) {
        if (bundle == null) {
            return "";
        }
        try {
            if (!wasInstalled || previous.isEmpty()) {
                bundle.uninstall();
                refresh(bundle);
                return wasInstalled ? "; no earlier jar was recorded, so it was removed" : "";
            }
            bundle.stop();
            bundle.update(new ByteArrayInputStream(previous.get()));
            refresh(bundle);
            bundle.start();
            LOG.info("Rolled mapper {} back to {}", name, bundle.getVersion());
            return "; rolled back to " + bundle.getVersion();
        } catch (BundleException | RuntimeException e) {
            LOG.warn("Could not roll mapper {} back", name, e);
            return "; rolling back failed too: " + e.getMessage();
        }
    }

    private static String reasonOf(Exception e) {
        if (e instanceof InstallFailure) {
            return e.getMessage();
        }
        if (e instanceof BundleException bundleException) {
            return switch (bundleException.getType()) {
                case BundleException.RESOLVE_ERROR -> "unresolvable: " + e.getMessage();
                case BundleException.ACTIVATOR_ERROR -> "its activator threw: " + causeOf(e);
                default -> "the framework refused it: " + e.getMessage();
            };
        }
        return "installing it failed: " + e;
    }

    private static String causeOf(Throwable e) {
        Throwable cause = e.getCause() == null ? e : e.getCause();
        return cause.toString();
    }

    /** Refreshes the bundle's wiring and waits for it, bounded by the health timeout. */
    private void refresh(Bundle bundle) {
        FrameworkWiring wiring = context.getBundle(0).adapt(FrameworkWiring.class);
        CountDownLatch done = new CountDownLatch(1);
        Collection<Bundle> bundles = List.of(bundle);
        wiring.refreshBundles(bundles, event -> {
            if (event.getType() == FrameworkEvent.PACKAGES_REFRESHED || event.getType() == FrameworkEvent.ERROR) {
                done.countDown();
            }
        });
        try {
            if (!done.await(healthTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("Refreshing {} took more than {} s", bundle, healthTimeout.toSeconds());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the mapper", e);
        }
    }
}
