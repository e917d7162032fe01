package io.kedge.mapper.modbus;

import io.kedge.mapper.api.MapperException;
import io.kedge.mapper.api.ValueType;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Locale;

/**
 * Turns raw registers and bits into the text a twin holds, and back. Registers are 16-bit words in
 * address order; their bytes are read big-endian (Modbus' own order) after the visitor's byte and
 * word swaps. Integers are two's complement unless the visitor says unsigned; floats and doubles are
 * IEEE 754 in 2 and 4 registers, or a 16-bit integer in 1 register; scale applies to numbers.
 */
final class ValueCodec {
    private static final int MAX_NUMBER_TEXT = 64;
    private static final int MAX_DIGITS = 40;

    private ValueCodec() {
    }

    static String decodeBit(boolean bit, ValueType type) {
        return type == ValueType.INT ? (bit ? "1" : "0") : String.valueOf(bit);
    }

    static boolean encodeBit(String value) throws MapperException {
        return parseBoolean(value);
    }

    /** @param words unsigned 16-bit values as the device returned them, in address order */
    static String decodeWords(int[] words, RegisterVisitor visitor, ValueType type) {
        byte[] bytes = toBytes(words, visitor);
        return switch (type) {
            case INT -> scaled(integer(bytes, visitor.signed()), visitor).setScale(0, RoundingMode.HALF_EVEN).toPlainString();
            case FLOAT, DOUBLE -> decodeReal(bytes, visitor);
            case BOOLEAN -> String.valueOf(new BigInteger(1, bytes).signum() != 0);
            case STRING -> new String(bytes, StandardCharsets.UTF_8).replaceAll("\u0000+$", "");
            case BYTES -> HexFormat.of().formatHex(bytes);
        };
    }

    /** @return unsigned 16-bit values to write, in address order */
    static int[] encodeWords(String value, RegisterVisitor visitor, ValueType type) throws MapperException {
        int size = visitor.words() * 2;
        byte[] bytes = switch (type) {
            case INT -> integerBytes(unscaled(value, visitor), visitor);
            case FLOAT, DOUBLE -> encodeReal(value, visitor);
            case BOOLEAN -> fixed(BigInteger.valueOf(parseBoolean(value) ? 1 : 0), size);
            case STRING -> padded(value.getBytes(StandardCharsets.UTF_8), size, value);
            case BYTES -> exact(hex(value), size, value);
        };
        return toWords(bytes, visitor);
    }

    private static String decodeReal(byte[] bytes, RegisterVisitor visitor) {
        if (bytes.length == 2) {
            return plain(scaled(integer(bytes, visitor.signed()), visitor));
        }
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        if (bytes.length == 4) {
            float single = buffer.getFloat();
            return Float.isFinite(single) ? plain(new BigDecimal(Float.toString(single)).multiply(visitor.scale())) : Float.toString(single);
        }
        double value = buffer.getDouble();
        return Double.isFinite(value) ? plain(new BigDecimal(Double.toString(value)).multiply(visitor.scale())) : Double.toString(value);
    }

    private static byte[] encodeReal(String value, RegisterVisitor visitor) throws MapperException {
        if (visitor.words() == 1) {
            return integerBytes(unscaled(value, visitor), visitor);
        }
        BigDecimal raw = unscaledReal(value, visitor);
        if (visitor.words() == 2) {
            float single = raw.floatValue();
            if (Float.isInfinite(single)) {
                throw badValue("'" + value + "' does not fit a 32-bit float");
            }
            return ByteBuffer.allocate(4).putFloat(single).array();
        }
        return ByteBuffer.allocate(8).putDouble(raw.doubleValue()).array();
    }

    private static BigDecimal scaled(BigInteger raw, RegisterVisitor visitor) {
        return new BigDecimal(raw).multiply(visitor.scale());
    }

    /** The whole raw number that, times scale, gives {@code value}; rounded half-even. */
    private static BigInteger unscaled(String value, RegisterVisitor visitor) throws MapperException {
        return unscaledReal(value, visitor).setScale(0, RoundingMode.HALF_EVEN).toBigInteger();
    }

    private static BigDecimal unscaledReal(String value, RegisterVisitor visitor) throws MapperException {
        BigDecimal number = number(value);
        return visitor.scale().compareTo(BigDecimal.ONE) == 0 ? number : number.divide(visitor.scale(), MathContext.DECIMAL128);
    }

    private static byte[] integerBytes(BigInteger raw, RegisterVisitor visitor) throws MapperException {
        int bits = visitor.words() * 16;
        BigInteger min = visitor.signed() ? BigInteger.ONE.shiftLeft(bits - 1).negate() : BigInteger.ZERO;
        BigInteger max = visitor.signed() ? BigInteger.ONE.shiftLeft(bits - 1).subtract(BigInteger.ONE)
                : BigInteger.ONE.shiftLeft(bits).subtract(BigInteger.ONE);
        if (raw.compareTo(min) < 0 || raw.compareTo(max) > 0) {
            throw badValue("raw value " + raw + " does not fit " + (visitor.signed() ? "a signed " : "an unsigned ") + bits
                    + "-bit register value (" + min + ".." + max + ")" + (visitor.scale().compareTo(BigDecimal.ONE) == 0 ? "" : " at scale " + visitor.scale()));
        }
        return fixed(raw, visitor.words() * 2);
    }

    private static BigInteger integer(byte[] bytes, boolean signed) {
        return signed ? new BigInteger(bytes) : new BigInteger(1, bytes);
    }

    /** Two's complement of {@code value} in exactly {@code size} bytes, big-endian. */
    private static byte[] fixed(BigInteger value, int size) {
        byte[] minimal = value.toByteArray();
        byte[] out = new byte[size];
        byte fill = (byte) (value.signum() < 0 ? 0xFF : 0);
        for (int i = 0; i < size; i++) {
            int from = minimal.length - size + i;
            out[i] = from >= 0 ? minimal[from] : fill;
        }
        return out;
    }

    private static byte[] padded(byte[] text, int size, String value) throws MapperException {
        if (text.length > size) {
            throw badValue("'" + value + "' is " + text.length + " bytes, more than the " + size + " bytes of its registers");
        }
        byte[] out = new byte[size];
        System.arraycopy(text, 0, out, 0, text.length);
        return out;
    }

    private static byte[] exact(byte[] bytes, int size, String value) throws MapperException {
        if (bytes.length != size) {
            throw badValue("'" + value + "' is " + bytes.length + " bytes, its registers hold " + size);
        }
        return bytes;
    }

    private static byte[] hex(String value) throws MapperException {
        try {
            return HexFormat.of().parseHex(value.trim());
        } catch (IllegalArgumentException e) {
            throw badValue("'" + value + "' is not hexadecimal bytes");
        }
    }

    /** The register bytes in value order: words reversed for low-word-first, bytes swapped per word. */
    static byte[] toBytes(int[] words, RegisterVisitor visitor) {
        byte[] bytes = new byte[words.length * 2];
        for (int i = 0; i < words.length; i++) {
            int word = words[visitor.wordSwap() ? words.length - 1 - i : i];
            byte high = (byte) (word >> 8);
            byte low = (byte) word;
            bytes[2 * i] = visitor.byteSwap() ? low : high;
            bytes[2 * i + 1] = visitor.byteSwap() ? high : low;
        }
        return bytes;
    }

    /** The inverse of {@link #toBytes}. */
    static int[] toWords(byte[] bytes, RegisterVisitor visitor) {
        int[] words = new int[bytes.length / 2];
        for (int i = 0; i < words.length; i++) {
            int high = bytes[2 * i] & 0xFF;
            int low = bytes[2 * i + 1] & 0xFF;
            int word = visitor.byteSwap() ? (low << 8) | high : (high << 8) | low;
            words[visitor.wordSwap() ? words.length - 1 - i : i] = word;
        }
        return words;
    }

    private static BigDecimal number(String value) throws MapperException {
        String text = value.trim();
        if (text.length() > MAX_NUMBER_TEXT) {
            throw badValue("'" + text.substring(0, 20) + "...' is too long for a number");
        }
        BigDecimal number;
        try {
            number = new BigDecimal(text);
        } catch (NumberFormatException e) {
            throw badValue("'" + value + "' is not a number");
        }
        int magnitude = number.precision() - number.scale();
        if (number.signum() != 0 && Math.abs(magnitude) > MAX_DIGITS) {
            throw badValue("'" + value + "' is out of range for a Modbus register");
        }
        return number;
    }

    private static boolean parseBoolean(String value) throws MapperException {
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "true", "1" -> true;
            case "false", "0" -> false;
            default -> throw badValue("'" + value + "' is not a boolean (true, false, 1 or 0)");
        };
    }

    private static String plain(BigDecimal value) {
        return value.signum() == 0 ? "0" : value.stripTrailingZeros().toPlainString();
    }

    private static MapperException badValue(String message) {
        return new MapperException(MapperException.Reason.BAD_VALUE, message);
    }
}
