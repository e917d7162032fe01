package io.kedge.devicetwin.link;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kedge.api.devices.DeviceSummary;
import io.kedge.api.devices.TwinSummary;
import io.kedge.api.outbox.OutboxStats;
import io.kedge.api.outbox.UpstreamOutbox;
import io.kedge.protocol.Message;
import io.kedge.protocol.Operations;
import io.kedge.protocol.device.DesiredValueRequest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class OutboxDesiredValuesTest {
    private final Map<String, Message> sent = new LinkedHashMap<>();
    private final UpstreamOutbox outbox = new UpstreamOutbox() {
        @Override
        public void put(String key, Message message) {
            sent.put(key, message);
        }

        @Override
        public CompletableFuture<Void> putAsync(String key, Message message) {
            put(key, message);
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public OutboxStats stats() {
            throw new UnsupportedOperationException();
        }
    };
    private final OutboxDesiredValues desired = new OutboxDesiredValues(outbox, () -> List.of(new DeviceSummary(
            "plant/thermo", "thermo", "online", "", List.of(new TwinSummary("temperature", "int", "20", 1, "19", 2)))));

    @Test
    void aDesiredValueGoesUpAsARequestForTheCloudTheLatestPerProperty() throws Exception {
        desired.request("plant/thermo", "temperature", "21").join();
        desired.request("plant/thermo", "temperature", "22").join();

        assertThat(sent).containsOnlyKeys("devicedesired/plant/thermo/temperature");
        Message message = sent.get("devicedesired/plant/thermo/temperature");
        assertThat(message.resource()).isEqualTo("plant/devicedesired/thermo");
        assertThat(message.operation()).isEqualTo(Operations.UPDATE);
        assertThat(DesiredValueRequest.parse(message.content())).isEqualTo(new DesiredValueRequest("temperature", "22"));
    }

    @Test
    void anUnknownDeviceOrPropertyOrABadValueSendsNothing() {
        assertThatThrownBy(() -> desired.request("plant/other", "temperature", "21"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no device plant/other");
        assertThatThrownBy(() -> desired.request("plant/thermo", "pressure", "21"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no property pressure");
        assertThatThrownBy(() -> desired.request("plant/thermo", "temperature", "<img src=x>"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> desired.request("plant/thermo", "temperature", ""))
                .isInstanceOf(IllegalArgumentException.class);

        assertThat(sent).isEmpty();
    }
}
