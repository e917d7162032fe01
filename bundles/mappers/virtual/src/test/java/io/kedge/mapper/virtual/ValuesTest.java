package io.kedge.mapper.virtual;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kedge.mapper.api.ValueType;
import org.junit.jupiter.api.Test;

class ValuesTest {
    @Test
    void numbersAreFormattedPerTypeInPlainNotation() {
        assertThat(Values.format(2.6, ValueType.INT)).isEqualTo("3");
        assertThat(Values.format(0.1, ValueType.FLOAT)).isEqualTo("0.1");
        assertThat(Values.format(1e-5, ValueType.DOUBLE)).isEqualTo("0.000010");
        assertThat(Values.format(1e12, ValueType.STRING)).isEqualTo("1000000000000");
        assertThat(Values.format(42L, ValueType.INT)).isEqualTo("42");
        assertThat(Values.format(42L, ValueType.FLOAT)).isEqualTo("42.0");
        assertThatThrownBy(() -> Values.format(1.0, ValueType.BOOLEAN)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void parsedValuesAreCheckedAndNormalised() {
        assertThat(Values.parse(ValueType.INT, " 12 ")).isEqualTo("12");
        assertThat(Values.parse(ValueType.DOUBLE, "1.50")).isEqualTo("1.5");
        assertThat(Values.parse(ValueType.BOOLEAN, "False")).isEqualTo("false");
        assertThat(Values.parse(ValueType.BYTES, "AQID")).isEqualTo("AQID");
        assertThat(Values.parse(ValueType.STRING, " as is ")).isEqualTo(" as is ");
        assertThatThrownBy(() -> Values.parse(ValueType.DOUBLE, "NaN")).hasMessageContaining("not a finite number");
        assertThatThrownBy(() -> Values.parse(ValueType.BYTES, "%%")).hasMessageContaining("not base64");
        assertThatThrownBy(() -> Values.parse(ValueType.INT, "1e3")).hasMessageContaining("not a whole number");
    }
}
