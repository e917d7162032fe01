package io.kedge.protocol.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.TextNode;
import io.kedge.protocol.Message;
import io.kedge.protocol.MessageCodec;
import io.kedge.protocol.Operations;
import io.kedge.protocol.ProtocolException;
import org.junit.jupiter.api.Test;

class DesiredValueRequestTest {
    @Test
    void travelsAsAnUpdateOfTheDevicesDesiredResourceAndReadsBackTheSame() throws Exception {
        DesiredValueRequest request = new DesiredValueRequest("temperature", "21.5");

        MessageCodec codec = new MessageCodec();
        Message message = codec.decode(codec.encode(request.message("devicetwin", "plant", "thermo")));

        assertThat(message.resource()).isEqualTo("plant/devicedesired/thermo");
        assertThat(message.operation()).isEqualTo(Operations.UPDATE);
        assertThat(DesiredValueRequest.parse(message.content())).isEqualTo(request);
        assertThat(DesiredValueRequest.parse(TextNode.valueOf(message.content().toString()))).isEqualTo(request);
        assertThat(request.outboxKey("plant", "thermo")).isEqualTo("devicedesired/plant/thermo/temperature");
    }

    @Test
    void refusesWhatDeviceTwinWouldRefuse() {
        for (String bad : new String[] {"", "<img src=x>", "a b", "x\"y", "1".repeat(513), "\u0000"}) {
            assertThatThrownBy(() -> new DesiredValueRequest("temperature", bad)).as(bad)
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> new DesiredValueRequest(bad, "1")).as(bad)
                    .isInstanceOf(IllegalArgumentException.class);
        }
        for (String content : new String[] {"not json", "[]", "{\"property\":1,\"value\":\"2\"}",
                "{\"property\":\"t\"}", "{\"property\":\"t\",\"value\":\"<b>\"}",
                "{\"property\":\"t\",\"value\":\"" + "9".repeat(5000) + "\"}"}) {
            assertThatThrownBy(() -> DesiredValueRequest.parse(TextNode.valueOf(content))).as(content)
                    .isInstanceOf(ProtocolException.class);
        }
        assertThatThrownBy(() -> DesiredValueRequest.parse(JsonNodeFactory.instance.nullNode()))
                .isInstanceOf(ProtocolException.class);
    }
}
