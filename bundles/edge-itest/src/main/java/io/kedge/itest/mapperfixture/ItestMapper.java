package io.kedge.itest.mapperfixture;

import io.kedge.mapper.api.DeviceConnection;
import io.kedge.mapper.api.DeviceMapper;
import io.kedge.mapper.api.DeviceSpec;
import io.kedge.mapper.api.MapperException;
import java.util.Hashtable;
import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;

/**
 * Packed by {@code MapperDeployNodeTest} into the mapper jars it pushes: registers a mapper of
 * protocol {@code itest-fixture}, or throws from its activator when the jar's manifest says
 * {@code X-Fixture: throws}.
 */
public class ItestMapper implements BundleActivator, DeviceMapper {
    @Override
    public void start(BundleContext context) {
        if ("throws".equals(context.getBundle().getHeaders().get("X-Fixture"))) {
            throw new IllegalStateException("itest mapper fails on purpose");
        }
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put(PROTOCOL, "itest-fixture");
        context.registerService(DeviceMapper.class, this, properties);
    }

    @Override
    public void stop(BundleContext context) {
    }

    @Override
    public DeviceConnection connect(DeviceSpec device) throws MapperException {
        throw new MapperException(MapperException.Reason.UNREACHABLE, "itest devices never answer");
    }
}
