package io.kedge.eventbus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.TextNode;
import io.kedge.api.bus.BusGroups;
import io.kedge.api.bus.DeliveryException;
import io.kedge.api.mqtt.MqttBridge;
import io.kedge.protocol.Message;
import io.kedge.protocol.testing.RandomInputs;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class KubeEdgeBridgeTest {
    private final RecordingBus bus = new RecordingBus();
    private final List<String> published = new CopyOnWriteArrayList<>();
    private final AtomicLong now = new AtomicLong();
    private volatile CompletableFuture<Void> publishResult = CompletableFuture.completedFuture(null);
    private final KubeEdgeBridge bridge = new KubeEdgeBridge(bus, (topic, payload, qos, retain) -> {
        published.add(topic + "=" + new String(payload, StandardCharsets.UTF_8));
        return publishResult;
    }, 100, now::get, () -> { });

    @Test
    void deviceTopicsGoToTheTwinGroupAsKubeEdgeSendsThem() {
        String topic = "$hw/events/device/sensor-1/twin/update";
        bridge.fromMqtt(new Inbound("mapper", topic, "{\"event_id\":\"1\"}".getBytes(StandardCharsets.UTF_8)));
        bridge.fromMqtt(new Inbound("mapper", "$hw/events/node/edge-1/membership/get", "{}".getBytes(StandardCharsets.UTF_8)));
        bridge.fromMqtt(new Inbound("mapper", "$hw/events/device/default/sensor-1/state/update", "{}".getBytes(StandardCharsets.UTF_8)));

        List<Message> twin = bus.in(MqttBridge.TWIN_GROUP);
        assertThat(twin).hasSize(3);
        Message first = twin.get(0);
        assertThat(first.operation()).isEqualTo("response");
        assertThat(first.route().source()).isEqualTo("bus");
        assertThat(first.group()).isEqualTo("user");
        assertThat(MqttBridge.topicOf(first.resource())).isEqualTo(topic);
        assertThat(first.content()).isEqualTo(TextNode.valueOf("{\"event_id\":\"1\"}"));
    }

    @Test
    void uploadTopicsGoToTheCloud() {
        bridge.fromMqtt(new Inbound("app", "$hw/events/upload/temperature", "21.5".getBytes(StandardCharsets.UTF_8)));
        bridge.fromMqtt(new Inbound("app", "SYS/dis/upload_records", "r".getBytes(StandardCharsets.UTF_8)));
        bridge.fromMqtt(new Inbound("app", "myapp/user/x", "u".getBytes(StandardCharsets.UTF_8)));

        List<Message> hub = bus.in(BusGroups.HUB);
        assertThat(hub).extracting(Message::resource)
                .containsExactly("$hw/events/upload/temperature", "SYS/dis/upload_records", "myapp/user/x");
        assertThat(hub).allSatisfy(m -> {
            assertThat(m.operation()).isEqualTo("upload");
            assertThat(m.group()).isEqualTo("user");
        });
    }

    @Test
    void otherTopicsResultsAndOurOwnMessagesAreNotBridged() {
        bridge.fromMqtt(new Inbound("app", "$hw/events/device/d/twin/update/result", "{}".getBytes(StandardCharsets.UTF_8)));
        bridge.fromMqtt(new Inbound("app", "plain/topic", "x".getBytes(StandardCharsets.UTF_8)));
        bridge.fromMqtt(new Inbound(Inbound.SELF, "$hw/events/device/d/twin/update", "{}".getBytes(StandardCharsets.UTF_8)));
        assertThat(bus.sent).isEmpty();
    }

    @Test
    void nonUtf8PayloadsAreDroppedAndCountedWhileValidOnesPass() {
        byte[] garbage = {(byte) 0xC3, (byte) 0x28, (byte) 0xFF, 0x00};
        bridge.fromMqtt(new Inbound("bad", "$hw/events/device/d/twin/update", garbage));
        bridge.fromMqtt(new Inbound("good", "$hw/events/device/d/twin/update", "{}".getBytes(StandardCharsets.UTF_8)));
        assertThat(bus.in(MqttBridge.TWIN_GROUP)).hasSize(1);
        assertThat(bridge.dropped.get("not_utf8").get()).isEqualTo(1);
    }

    @Test
    void anyBytesOnABridgedTopicAreBridgedAsTextOrDroppedNeverThrown() {
        RandomInputs.forAll(1_000, random -> RandomInputs.anyBytes(random, 200), payload -> {
            int before = bus.sent.size();
            long droppedBefore = bridge.dropped.getOrDefault("not_utf8", new AtomicLong()).get();
            now.addAndGet(1_000_000_000L);
            bridge.fromMqtt(new Inbound("fuzz", "$hw/events/upload/x", payload));
            long droppedAfter = bridge.dropped.getOrDefault("not_utf8", new AtomicLong()).get();
            assertThat(bus.sent.size() - before + droppedAfter - droppedBefore).isEqualTo(1);
        });
    }

    @Test
    void aFloodingClientIsHeldToItsRateAndOthersStillPass() {
        for (int i = 0; i < 10_000; i++) {
            bridge.fromMqtt(new Inbound("flood", "$hw/events/upload/x", "f".getBytes(StandardCharsets.UTF_8)));
        }
        for (int i = 0; i < 50; i++) {
            bridge.fromMqtt(new Inbound("device-" + i, "$hw/events/device/d" + i + "/twin/update", "{}".getBytes(StandardCharsets.UTF_8)));
        }
        assertThat(bus.in(BusGroups.HUB)).hasSize(100);
        assertThat(bus.in(MqttBridge.TWIN_GROUP)).hasSize(50);
        assertThat(bridge.dropped.get("client_rate").get()).isEqualTo(9_900);

        now.addAndGet(1_000_000_000L);
        bridge.fromMqtt(new Inbound("flood", "$hw/events/upload/x", "f".getBytes(StandardCharsets.UTF_8)));
        assertThat(bus.in(BusGroups.HUB)).hasSize(101);
    }

    @Test
    void aFullBusGroupDropsForAWhileInsteadOfBlockingTheBroker() {
        bus.capacity = 1;
        bridge.fromMqtt(new Inbound("a", "$hw/events/upload/x", "1".getBytes(StandardCharsets.UTF_8)));
        bridge.fromMqtt(new Inbound("a", "$hw/events/upload/x", "2".getBytes(StandardCharsets.UTF_8)));
        bus.capacity = Integer.MAX_VALUE;
        bridge.fromMqtt(new Inbound("a", "$hw/events/upload/x", "3".getBytes(StandardCharsets.UTF_8)));
        assertThat(bus.sent).hasSize(1);
        now.addAndGet(6_000_000_000L);
        bridge.fromMqtt(new Inbound("a", "$hw/events/upload/x", "4".getBytes(StandardCharsets.UTF_8)));
        assertThat(bus.sent).hasSize(2);
        assertThat(bridge.dropped.get("bus_full").get()).isEqualTo(2);
    }

    @Test
    void busMessagesArePublishedOnMqtt() throws Exception {
        bridge.toMqtt(Message.create("twin", "user", "$hw/events/device/d/twin/update/result", "publish",
                TextNode.valueOf("{\"ok\":true}")));
        var content = JsonNodeFactory.instance.objectNode();
        content.putObject("message").put("topic", "$hw/events/device/d/twin/cloud_updated").put("x", 1);
        bridge.toMqtt(Message.create("twin", "user", "", "message", content));
        assertThat(published).containsExactly("$hw/events/device/d/twin/update/result={\"ok\":true}",
                "$hw/events/device/d/twin/cloud_updated={\"topic\":\"$hw/events/device/d/twin/cloud_updated\",\"x\":1}");
    }

    @Test
    void badBusMessagesAreDroppedAndABrokerOutageKeepsTheMessageOnTheBus() {
        assertThat(catchDelivery(Message.create("twin", "user", "a/+/b", "publish", TextNode.valueOf("x")))).isNull();
        assertThat(catchDelivery(Message.create("twin", "user", "a", "frobnicate", TextNode.valueOf("x")))).isNull();
        publishResult = CompletableFuture.failedFuture(new IllegalArgumentException("too large"));
        assertThat(catchDelivery(Message.create("twin", "user", "a", "publish", TextNode.valueOf("x")))).isNull();
        assertThat(bridge.dropped.get("bad_topic").get()).isEqualTo(1);
        assertThat(bridge.dropped.get("unknown_operation").get()).isEqualTo(1);
        assertThat(bridge.dropped.get("refused").get()).isEqualTo(1);

        publishResult = CompletableFuture.failedFuture(new IOException("broker away"));
        assertThatThrownBy(() -> bridge.toMqtt(Message.create("twin", "user", "a", "publish", TextNode.valueOf("x"))))
                .isInstanceOf(DeliveryException.class);
    }

    @Test
    void subscribeAddsAnUploadTopic() throws Exception {
        bridge.toMqtt(Message.create("hub", "user", "factory/line1/#", "subscribe", null));
        bridge.fromMqtt(new Inbound("app", "factory/line1/temp", "1".getBytes(StandardCharsets.UTF_8)));
        assertThat(bus.in(BusGroups.HUB)).extracting(Message::resource).containsExactly("factory/line1/temp");
        bridge.toMqtt(Message.create("hub", "user", "factory/line1/#", "unsubscribe", null));
        bridge.fromMqtt(new Inbound("app", "factory/line1/temp", "2".getBytes(StandardCharsets.UTF_8)));
        assertThat(bus.in(BusGroups.HUB)).hasSize(1);
    }

    private Throwable catchDelivery(Message message) {
        try {
            bridge.toMqtt(message);
            return null;
        } catch (DeliveryException e) {
            return e;
        }
    }
}
