package io.kedge.itest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kedge.api.devices.DeviceSummary;
import io.kedge.api.devices.NodeDevices;
import io.kedge.api.devices.TwinSummary;
import io.kedge.api.meta.MetaListener;
import io.kedge.itest.support.NodeShell;
import io.kedge.itest.support.Poll;
import io.kedge.mapper.api.DeviceConnection;
import io.kedge.mapper.api.DeviceMapper;
import io.kedge.mapper.api.DeviceSpec;
import io.kedge.mapper.api.MapperException;
import io.kedge.mapper.api.PropertySpec;
import io.kedge.mapper.api.Reading;
import io.kedge.protocol.Message;
import io.kedge.protocol.Operations;
import io.kedge.protocol.ResourceTypes;
import io.kedge.testing.cloud.CloudConnection;
import java.time.Duration;
import java.util.Hashtable;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;

/**
 * DMI in the real node with the real DeviceTwin and MetaManager: a Device of protocol {@code itest}
 * that the cloud sends is bound to the mapper this test registers; its readings reach DeviceTwin
 * (NodeDevices shows them) and the cloud as twin reports, its desired value is written through the
 * mapper, {@code kedge:mappers} lists both; and stopping and starting the dmi bundle carries on.
 */
class DmiNodeTest extends ConnectedNodeTest {
    private static final String NODE = "itest-dmi";
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** DeviceTwin's store outlives test methods: each test uses its own namespace. */
    private final String namespace = "dmi-" + Long.toHexString(System.nanoTime());
    private final ItestMapper mapper = new ItestMapper();
    private ServiceRegistration<DeviceMapper> registration;

    @Override
    String nodeName() {
        return NODE;
    }

    @BeforeEach
    void mapper() {
        Poll.until("DMI and DeviceTwin", WAIT, () -> NodeShell.hasService(context, MetaListener.class, "(component.name=io.kedge.dmi.DmiComponent)")
                && NodeShell.hasService(context, MetaListener.class, "(component.name=io.kedge.devicetwin.link.StoredDevices)"));
        cloud.answerRequests(true);
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put(DeviceMapper.PROTOCOL, "itest");
        registration = context.registerService(DeviceMapper.class, mapper, properties);
    }

    @AfterEach
    void unregister() {
        registration.unregister();
    }

    @Test
    void readingsOfAMapperBundleReachDeviceTwinAndTheCloud() throws Exception {
        mapper.value = "21.5";
        bindThermometer("7");

        Poll.until("21.5 reported in DeviceTwin", WAIT, () -> "21.5".equals(reported("temperature")));
        Poll.until("the twin report of 21.5 at the cloud", WAIT, () -> cloudGotTwin("21.5"));
        Poll.until("the device online in DeviceTwin", WAIT, () -> "online".equals(device().state()));
        Poll.until("the desired value written through the mapper", WAIT, () -> mapper.writes.contains("target=7"));

        String listed = NodeShell.kedgeCommand(context, "mappers");
        assertThat(listed).contains("itest  io.kedge.edge-itest ").contains("healthy");
        assertThat(listed.lines().filter(line -> line.contains(namespace + "/thermo-1"))).singleElement().asString()
                .contains("online");

        sendObject(Operations.UPDATE, ResourceTypes.DEVICE, "thermo-1", thermometer("8"), "3");
        Poll.until("the new desired value written", WAIT, () -> mapper.writes.contains("target=8"));
        assertThat(mapper.writes).containsExactly("target=7", "target=8");
    }

    @Test
    void stoppingAndStartingTheDmiBundleKeepsReadingsFlowing() throws Exception {
        mapper.value = "1";
        bindThermometer("7");
        Poll.until("1 reported in DeviceTwin", WAIT, () -> "1".equals(reported("temperature")));

        Bundle dmi = node.bundle("io.kedge.dmi");
        dmi.stop();
        int closed = mapper.closes;
        assertThat(closed).as("connections closed when DMI stops").isEqualTo(mapper.connects);
        mapper.value = "2";
        dmi.start();

        Poll.until("2 reported in DeviceTwin after the restart", WAIT, () -> "2".equals(reported("temperature")));
        Poll.until("the twin report of 2 at the cloud", WAIT, () -> cloudGotTwin("2"));
        assertThat(mapper.writes).as("the desired value is written again by the new DMI instance, once")
                .containsExactly("target=7", "target=7");
    }

    /** A mapper in this test bundle: reads {@link #value}, records writes. */
    static final class ItestMapper implements DeviceMapper {
        volatile String value = "0";
        final List<String> writes = new CopyOnWriteArrayList<>();
        volatile int connects;
        volatile int closes;

        @Override
        public synchronized DeviceConnection connect(DeviceSpec device) throws MapperException {
            device.configData().text("host"); // as a real mapper: bad configData fails here
            connects++;
            return new DeviceConnection() {
                @Override
                public Reading read(PropertySpec property) {
                    return Reading.now(property.name().equals("temperature") ? value : "0");
                }

                @Override
                public void write(PropertySpec property, String newValue) {
                    writes.add(property.name() + "=" + newValue);
                }

                @Override
                public void close() {
                    synchronized (ItestMapper.this) {
                        closes++;
                    }
                }
            };
        }
    }

    private void bindThermometer(String desiredTarget) throws Exception {
        ObjectNode model = (ObjectNode) JSON.readTree("""
                {"apiVersion":"devices.kubeedge.io/v1beta1","kind":"DeviceModel",
                 "metadata":{"name":"itest-thermometer","namespace":"%s","uid":"m-%s"},
                 "spec":{"protocol":"itest","properties":[
                   {"name":"temperature","type":"FLOAT","accessMode":"ReadOnly"},
                   {"name":"target","type":"INT","accessMode":"ReadWrite"}]}}
                """.formatted(namespace, namespace));
        sendObject(Operations.INSERT, ResourceTypes.DEVICE_MODEL, "itest-thermometer", model, "1");
        sendObject(Operations.INSERT, ResourceTypes.DEVICE, "thermo-1", thermometer(desiredTarget), "2");
    }

    private ObjectNode thermometer(String desiredTarget) throws Exception {
        return (ObjectNode) JSON.readTree("""
                {"apiVersion":"devices.kubeedge.io/v1beta1","kind":"Device",
                 "metadata":{"name":"thermo-1","namespace":"%s","uid":"d-%s"},
                 "spec":{"deviceModelRef":{"name":"itest-thermometer"},"nodeName":"%s",
                         "protocol":{"protocolName":"itest","configData":{"host":"127.0.0.1"}},
                         "properties":[
                           {"name":"temperature","collectCycle":100,"reportCycle":200,"visitors":{"configData":{"register":1}}},
                           {"name":"target","collectCycle":100,"reportCycle":200,"desired":{"value":"%s"}}]}}
                """.formatted(namespace, namespace, NODE, desiredTarget));
    }

    private void sendObject(String operation, String type, String name, ObjectNode object, String resourceVersion) {
        ((ObjectNode) object.path("metadata")).put("resourceVersion", resourceVersion);
        CloudConnection link = cloud.connections().get(cloud.connections().size() - 1);
        Message message = Message.create("edgecontroller", "resource", namespace + "/" + type + "/" + name, operation,
                object).withResourceVersion(resourceVersion);
        link.send(message);
        Message reply = Poll.valueOf("the node's ack of " + message, WAIT, () -> link.answerTo(message.id()).orElse(null));
        assertThat(reply.operation()).as("reply to %s: %s", message, reply.content()).isEqualTo(Operations.ACK);
    }

    private DeviceSummary device() {
        ServiceReference<NodeDevices> reference = context.getServiceReference(NodeDevices.class);
        if (reference == null) {
            return new DeviceSummary("", "", "", "", List.of());
        }
        NodeDevices devices = context.getService(reference);
        try {
            return devices.devices().stream().filter(d -> d.id().equals(namespace + "/thermo-1")).findFirst()
                    .orElse(new DeviceSummary("", "", "", "", List.of()));
        } finally {
            context.ungetService(reference);
        }
    }

    private String reported(String property) {
        return device().twins().stream().filter(t -> t.property().equals(property)).map(TwinSummary::reported)
                .findFirst().orElse(null);
    }

    private boolean cloudGotTwin(String value) {
        String resource = namespace + "/" + ResourceTypes.DEVICE_TWIN + "/thermo-1";
        return cloud.received().stream().filter(m -> m.resource().equals(resource)).anyMatch(m ->
                m.content().path("twin").path("temperature").path("actual").path("value").asText().equals(value));
    }
}
