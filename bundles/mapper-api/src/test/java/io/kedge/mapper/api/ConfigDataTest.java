package io.kedge.mapper.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigDataTest {
    private final ConfigData data = ConfigData.of(Map.of("host", "10.0.0.5", "port", 502, "text", "17", "scale", "0.5",
            "big", 1e12, "swap", "TRUE", "list", List.of(1), "visitor", Map.of("register", "HoldingRegister")));

    @Test
    void typedValuesAreReadFromNumbersAndFromText() throws MapperException {
        assertThat(data.text("host")).isEqualTo("10.0.0.5");
        assertThat(data.text("port")).isEqualTo("502");
        assertThat(data.integer("port", 1, 65535)).isEqualTo(502);
        assertThat(data.integer("text", 0, 100)).isEqualTo(17);
        assertThat(data.integer("big", 0, Long.MAX_VALUE)).isEqualTo(1_000_000_000_000L);
        assertThat(data.number("scale", 1)).isEqualTo(0.5);
        assertThat(data.flag("swap", false)).isTrue();
        assertThat(data.child("visitor").text("register")).isEqualTo("HoldingRegister");
        assertThat(data.integer("absent", 7, 0, 10)).isEqualTo(7);
        assertThat(data.child("absent").asMap()).isEmpty();
    }

    @Test
    void badValuesNameTheirKeyAndAreConfigurationErrors() {
        assertThatThrownBy(() -> data.text("missing")).isInstanceOfSatisfying(MapperException.class,
                e -> assertThat(e.reason()).isEqualTo(MapperException.Reason.BAD_CONFIG))
                .hasMessage("configData.missing is required");
        assertThatThrownBy(() -> data.integer("port", 1, 100)).hasMessage("configData.port must be between 1 and 100, not 502");
        assertThatThrownBy(() -> data.integer("host", 0, 10)).hasMessageContaining("must be a whole number, not '10.0.0.5'");
        assertThatThrownBy(() -> data.integer("scale", 0, 10)).hasMessageContaining("whole number");
        assertThatThrownBy(() -> data.number("host", 0)).hasMessageContaining("must be a number");
        assertThatThrownBy(() -> data.flag("port", false)).hasMessageContaining("true or false");
        assertThatThrownBy(() -> data.text("list")).hasMessageContaining("not a list");
        assertThatThrownBy(() -> data.child("host")).hasMessageContaining("must be an object");
        assertThatThrownBy(() -> data.child("visitor").integer("register", 0, 1))
                .hasMessageStartingWith("configData.visitor.register");
    }

    @Test
    void valueTypesAreReadInAnyCaseAndUnknownOnesAreRefused() {
        assertThat(ValueType.of("int")).isEqualTo(ValueType.INT);
        assertThat(ValueType.of("Double")).isEqualTo(ValueType.DOUBLE);
        assertThat(ValueType.of(null)).isEqualTo(ValueType.STRING);
        assertThatThrownBy(() -> ValueType.of("decimal")).hasMessageContaining("unknown property type 'decimal'");
    }
}
