package io.kedge.mapper.modbus;

import io.kedge.mapper.api.ValueType;
import io.kedge.protocol.testing.RandomInputs;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** Conversions between register words and twin text, over random values, widths and orders. */
class ValueCodecTest {
    record Case(RegisterVisitor visitor, String value) {
    }

    @Test
    void everyIntegerThatFitsComesBackUnchanged() {
        RandomInputs.forAll(2_000, random -> {
            int words = RandomInputs.pick(random, 1, 2, 4);
            boolean signed = words == 4 || random.nextBoolean();
            int bits = words * 16;
            BigInteger value = new BigInteger(signed ? bits - 1 : bits, random);
            if (signed && random.nextBoolean()) {
                value = value.negate().subtract(BigInteger.ONE);
            }
            return new Case(visitor(random, words, signed, BigDecimal.ONE), value.toString());
        }, c -> assertThat(roundTrip(c, ValueType.INT)).isEqualTo(c.value()));
    }

    @Test
    void everyFiniteFloatAndDoubleComesBackUnchanged() {
        RandomInputs.forAll(2_000, random -> {
            boolean single = random.nextBoolean();
            String value = single ? Float.toString(Float.intBitsToFloat(random.nextInt()))
                    : Double.toString(Double.longBitsToDouble(random.nextLong()));
            return new Case(visitor(random, single ? 2 : 4, true, BigDecimal.ONE), value);
        }, c -> {
            double expected = Double.parseDouble(c.value());
            if (Double.isFinite(expected) && (expected == 0 || Math.abs(Math.log10(Math.abs(expected))) < 38)) {
                ValueType type = c.visitor().words() == 2 ? ValueType.FLOAT : ValueType.DOUBLE;
                assertThat(Double.parseDouble(roundTrip(c, type))).isEqualTo(expected);
            }
        });
    }

    @Test
    void scaledValuesComeBackAtTheScalesPrecision() {
        RandomInputs.forAll(1_000, random -> {
            BigDecimal scale = RandomInputs.pick(random, new BigDecimal("0.1"), new BigDecimal("0.01"), new BigDecimal("10"));
            BigDecimal value = new BigDecimal(random.nextInt(30_000) - 15_000).multiply(scale);
            return new Case(visitor(random, 1, true, scale), value.stripTrailingZeros().toPlainString());
        }, c -> assertThat(new BigDecimal(roundTrip(c, ValueType.FLOAT))).isEqualByComparingTo(new BigDecimal(c.value())));
    }

    @Test
    void wordsAndBytesConvertBothWaysInEveryOrder() {
        RandomInputs.forAll(500, random -> new Case(visitor(random, 1 + random.nextInt(8), true, BigDecimal.ONE), ""), c -> {
            Random random = new Random(c.visitor().hashCode());
            int[] words = random.ints(c.visitor().words(), 0, 65_536).toArray();
            assertThat(ValueCodec.toWords(ValueCodec.toBytes(words, c.visitor()), c.visitor())).containsExactly(words);
        });
    }

    @Test
    void textFillsItsRegistersAndLosesTrailingPadding() throws Exception {
        RegisterVisitor three = new RegisterVisitor(RegisterType.HOLDING, 0, 3, BigDecimal.ONE, false, false, true);

        assertThat(ValueCodec.encodeWords("pump", three, ValueType.STRING)).containsExactly('p' << 8 | 'u', 'm' << 8 | 'p', 0);
        assertThat(ValueCodec.decodeWords(new int[] {'p' << 8 | 'u', 'm' << 8 | 'p', 0}, three, ValueType.STRING)).isEqualTo("pump");
        assertThat(ValueCodec.decodeWords(new int[] {0x7FC0, 0}, new RegisterVisitor(RegisterType.INPUT, 0, 2, BigDecimal.TEN, false,
                false, true), ValueType.FLOAT)).isEqualTo("NaN");
    }

    private static String roundTrip(Case c, ValueType type) throws Exception {
        return ValueCodec.decodeWords(ValueCodec.encodeWords(c.value(), c.visitor(), type), c.visitor(), type);
    }

    private static RegisterVisitor visitor(Random random, int words, boolean signed, BigDecimal scale) {
        return new RegisterVisitor(RegisterType.HOLDING, random.nextInt(100), words, scale, random.nextBoolean(), random.nextBoolean(), signed);
    }
}
