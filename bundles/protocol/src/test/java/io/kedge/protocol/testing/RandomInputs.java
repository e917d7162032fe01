package io.kedge.protocol.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.Random;
import java.util.function.Function;

/**
 * Property tests for code that reads bytes from the network: random and mutated inputs, many tries,
 * a seed that replays a failure. Shared by every module's tests through protocol's test jar.
 *
 * <p>A failing try names its seed and input; {@code -Dkedge.random.seed=N} replays that run.
 */
public final class RandomInputs {
    /** Characters that make up JSON and its mistakes, so random text often gets past the first byte. */
    private static final String JSON_ALPHABET = "{}[]\":,.-+eE0123456789 \t\n\\/truefalsn\u0000\u001f\u00e9\u20ac\ud83d\ude00";
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** A property of one input; may throw anything, which fails the try. */
    @FunctionalInterface
    public interface Property<T> {
        void check(T input) throws Exception;
    }

    private RandomInputs() {
    }

    /**
     * Checks {@code property} on {@code tries} inputs made by {@code generator}.
     *
     * @throws AssertionError naming the seed and the input of the first try that failed
     */
    public static <T> void forAll(int tries, Function<Random, T> generator, Property<T> property) {
        long seed = Long.getLong("kedge.random.seed", System.nanoTime());
        Random random = new Random(seed);
        for (int i = 0; i < tries; i++) {
            T input = generator.apply(random);
            try {
                property.check(input);
            } catch (Throwable failure) {
                throw new AssertionError("try " + i + " of seed " + seed + " (replay: -Dkedge.random.seed=" + seed
                        + ") failed for input " + abbreviate(String.valueOf(input)), failure);
            }
        }
    }

    /** Any text: control characters, surrogate halves, quotes, JSON punctuation. */
    public static String anyString(Random random, int maxLength) {
        int length = random.nextInt(maxLength + 1);
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            text.append(random.nextInt(4) == 0 ? (char) random.nextInt(0x10000)
                    : JSON_ALPHABET.charAt(random.nextInt(JSON_ALPHABET.length())));
        }
        return text.toString();
    }

    /** Random bytes, for decoders that take bytes. */
    public static byte[] anyBytes(Random random, int maxLength) {
        byte[] bytes = new byte[random.nextInt(maxLength + 1)];
        random.nextBytes(bytes);
        return bytes;
    }

    /** One of {@code valid}, then changed a few times: cut, dropped, doubled or replaced stretches. */
    public static String mutate(Random random, List<String> valid) {
        String text = valid.get(random.nextInt(valid.size()));
        int edits = 1 + random.nextInt(4);
        for (int i = 0; i < edits; i++) {
            text = mutateOnce(random, text);
        }
        return text;
    }

    /** {@code valid} changed a few times: bytes overwritten, inserted or dropped, or the end cut off. */
    public static byte[] mutate(Random random, byte[] valid) {
        byte[] bytes = valid;
        int edits = 1 + random.nextInt(4);
        for (int i = 0; i < edits; i++) {
            bytes = mutateOnce(random, bytes);
        }
        return bytes;
    }

    private static byte[] mutateOnce(Random random, byte[] bytes) {
        if (bytes.length == 0) {
            return anyBytes(random, 8);
        }
        int at = random.nextInt(bytes.length);
        int length = 1 + random.nextInt(Math.min(16, bytes.length - at));
        byte[] noise = new byte[length];
        random.nextBytes(noise);
        ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length + length);
        switch (random.nextInt(4)) {
            case 0 -> out.write(bytes, 0, at);
            case 1 -> {
                out.write(bytes, 0, at);
                out.write(bytes, at + length, bytes.length - at - length);
            }
            case 2 -> {
                out.write(bytes, 0, at);
                out.write(noise, 0, length);
                out.write(bytes, at, bytes.length - at);
            }
            default -> {
                out.write(bytes, 0, at);
                out.write(noise, 0, length);
                out.write(bytes, at + length, bytes.length - at - length);
            }
        }
        return out.toByteArray();
    }

    private static String mutateOnce(Random random, String text) {
        if (text.isEmpty()) {
            return anyString(random, 8);
        }
        int at = random.nextInt(text.length());
        int length = 1 + random.nextInt(Math.min(16, text.length() - at));
        return switch (random.nextInt(5)) {
            case 0 -> text.substring(0, at);
            case 1 -> text.substring(0, at) + text.substring(at + length);
            case 2 -> text.substring(0, at + length) + text.substring(at);
            case 3 -> text.substring(0, at) + anyString(random, 6) + text.substring(at + length);
            default -> text.substring(0, at) + text.charAt(random.nextInt(text.length())) + text.substring(at + 1);
        };
    }

    /** Any JSON value up to {@code depth} levels: objects, arrays, strings, numbers, booleans, nulls. */
    public static JsonNode anyJson(Random random, int depth) {
        int kind = random.nextInt(depth <= 0 ? 5 : 7);
        switch (kind) {
            case 0:
                return NODES.nullNode();
            case 1:
                return NODES.booleanNode(random.nextBoolean());
            case 2:
                return NODES.numberNode(random.nextInt(3) == 0 ? random.nextDouble() : random.nextLong());
            case 3:
            case 4:
                return NODES.textNode(anyString(random, 12));
            case 5: {
                ArrayNode array = NODES.arrayNode();
                int size = random.nextInt(4);
                for (int i = 0; i < size; i++) {
                    array.add(anyJson(random, depth - 1));
                }
                return array;
            }
            default: {
                ObjectNode object = NODES.objectNode();
                int size = random.nextInt(4);
                for (int i = 0; i < size; i++) {
                    object.set(random.nextBoolean() ? anyString(random, 6) : pick(random, "metadata", "status",
                            "spec", "name", "namespace", "kind", "header", "route", "content"), anyJson(random, depth - 1));
                }
                return object;
            }
        }
    }

    /** One of {@code choices}. */
    @SafeVarargs
    public static <T> T pick(Random random, T... choices) {
        return choices[random.nextInt(choices.length)];
    }

    private static String abbreviate(String text) {
        return text.length() <= 300 ? text : text.substring(0, 300) + "... (" + text.length() + " chars)";
    }
}
