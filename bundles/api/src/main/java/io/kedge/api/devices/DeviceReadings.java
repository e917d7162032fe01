package io.kedge.api.devices;

import java.util.Map;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Hears of every value DMI reads from a device property, not only the ones reported to DeviceTwin
 * on the property's report cycle: register one as a service (whiteboard) and DMI calls it. Device
 * data served apart from the control plane (a local time series, pushes to MQTT or HTTP) starts
 * here.
 *
 * <p>DMI hands readings over on a thread of its own, never on its loop: each listener has a bounded
 * queue; when a listener falls behind, the readings that do not fit are dropped (and counted in
 * DMI's log), so a slow listener never slows DMI or the other listeners. Calls to one listener come
 * one at a time, in the order DMI took the readings. Values come from device mappers and the cloud:
 * a listener that renders or forwards them must escape them.
 */
@ConsumerType
public interface DeviceReadings {
    /**
     * One reading.
     *
     * @param deviceId        {@code namespace/name}
     * @param property        the property's name
     * @param value           the value as text, as the twin holds it
     * @param timestampMillis when it was read, epoch milliseconds
     * @param pushMethod      the property's {@code pushMethod} of the Device spec (KubeEdge v1beta1:
     *                        {@code mqtt{address,topic,qos,retained}}, {@code http{hostName,port,requestPath,timeout}},
     *                        {@code dbMethod{...}}, {@code otel{...}}) as JDK values (String, Long, Double,
     *                        Boolean, List, Map), unmodifiable; empty when the spec has none
     */
    void reading(String deviceId, String property, String value, long timestampMillis, Map<String, Object> pushMethod);
}
