package io.kedge.edged.env;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kedge.edged.pod.PodSpecException;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class QuantityTest {

    @ParameterizedTest
    @CsvSource({"250m,0.25", "1.5,1.5", "64Mi,67108864", "1Gi,1073741824", "2k,2000", "1e3,1000", "1E,1E+18",
        ".5,0.5", "100n,1.00E-7"})
    void parsesKubernetesQuantities(String text, String expected) throws Exception {
        assertThat(Quantity.parse(text)).isEqualByComparingTo(new BigDecimal(expected));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "Mi", "1.2.3", "1e999", "12 Mi", "1x", "--1"})
    void refusesWhatIsNotAQuantity(String text) {
        assertThatThrownBy(() -> Quantity.parse(text)).isInstanceOf(PodSpecException.class);
    }

    @Test
    void dividesRoundingUp() throws Exception {
        assertThat(Quantity.divideUp(new BigDecimal("1.5"), BigDecimal.ONE)).isEqualTo("2");
        assertThat(Quantity.divideUp(new BigDecimal("67108864"), new BigDecimal("1048576"))).isEqualTo("64");
        assertThatThrownBy(() -> Quantity.divideUp(BigDecimal.ONE, BigDecimal.ZERO)).isInstanceOf(PodSpecException.class);
    }
}
