package io.kedge.cloud.auth;

import java.util.Arrays;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/** Random edits of valid input, for property tests of decoders: what a fuzzer or a broken peer sends. */
final class Mutations {
    private Mutations() {
    }

    /** One edit: overwrite, insert or delete a few bytes, or cut the input short. */
    record Edit(int kind, int permille, int length, byte[] bytes) {
        byte[] applyTo(byte[] input) {
            int at = (int) ((long) permille * input.length / 1000);
            int span = Math.min(length, input.length - at);
            return switch (kind) {
                case 0 -> {
                    byte[] out = input.clone();
                    for (int i = 0; i < Math.min(span, bytes.length); i++) {
                        out[at + i] = bytes[i];
                    }
                    yield out;
                }
                case 1 -> {
                    byte[] out = new byte[input.length + bytes.length];
                    System.arraycopy(input, 0, out, 0, at);
                    System.arraycopy(bytes, 0, out, at, bytes.length);
                    System.arraycopy(input, at, out, at + bytes.length, input.length - at);
                    yield out;
                }
                case 2 -> {
                    byte[] out = new byte[input.length - span];
                    System.arraycopy(input, 0, out, 0, at);
                    System.arraycopy(input, at + span, out, at, input.length - at - span);
                    yield out;
                }
                default -> Arrays.copyOf(input, at);
            };
        }
    }

    static Arbitrary<Edit> edits() {
        return Combinators.combine(Arbitraries.integers().between(0, 3), Arbitraries.integers().between(0, 999),
                Arbitraries.integers().between(1, 16), Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(16))
                .as(Edit::new);
    }

    static byte[] apply(byte[] input, java.util.List<Edit> edits) {
        byte[] out = input;
        for (Edit edit : edits) {
            out = edit.applyTo(out);
        }
        return out;
    }
}
