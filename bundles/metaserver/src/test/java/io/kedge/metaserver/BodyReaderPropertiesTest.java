package io.kedge.metaserver;

import static org.assertj.core.api.Assertions.assertThat;

import io.kedge.protocol.testing.RandomInputs;
import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Request bodies as any client may send them: whatever the declared length and the bytes, the reader
 * returns the body whole or refuses it (413, 429, 400), never reads or keeps more than its bounds,
 * and gives every byte back to the shared budget.
 */
class BodyReaderPropertiesTest {
    private static final int MAX = 4096;
    private static final int STEP = 16 * 1024;

    @Test
    void aBodyIsReturnedWholeOrRefusedAndItsBytesAreAlwaysGivenBack() {
        RandomInputs.forAll(1000, Case::random, this::check);
    }

    /** A body, the Content-Length a client declared for it ("exact", "chunked" or any text) and a budget. */
    private record Case(byte[] sent, String declared, int budgetBytes) {
        static Case random(Random random) {
            byte[] sent = random.nextBoolean() ? RandomInputs.anyBytes(random, 2 * MAX) : new byte[random.nextInt(40 * MAX)];
            String declared = switch (random.nextInt(3)) {
                case 0 -> RandomInputs.pick(random, "exact", "chunked", "-1", "abc", "", " 12 ", "99999999999999999999");
                case 1 -> String.valueOf(random.nextInt(3 * MAX + 1));
                default -> String.valueOf(random.nextLong());
            };
            return new Case(sent, declared, random.nextInt(3 * MAX + 1));
        }

        @Override
        public String toString() {
            return sent.length + " bytes declared '" + declared + "', budget " + budgetBytes;
        }
    }

    private void check(Case input) throws IOException {
        BodyBudget budget = new BodyBudget(input.budgetBytes());
        CountingStream in = new CountingStream(new ByteArrayInputStream(input.sent()));
        String declared = input.declared();
        String header = declared.equals("exact") ? String.valueOf(input.sent().length)
                : declared.equals("chunked") ? null : declared;
        try (BodyReader.Body body = new BodyReader(MAX, budget).read(header, in)) {
            assertThat(body.bytes().length).isLessThanOrEqualTo(MAX).isLessThanOrEqualTo(input.budgetBytes());
            assertThat(budget.inUse()).isEqualTo(body.bytes().length);
            if (header == null || declared.equals("exact")) {
                assertThat(body.bytes()).isEqualTo(input.sent());
            }
        } catch (ApiError refused) {
            assertThat(refused.code()).as(refused.getMessage()).isIn(400, 413, 429);
        }
        assertThat(budget.inUse()).as("every byte given back").isZero();
        assertThat(in.read).as("never read far past the limit").isLessThanOrEqualTo(MAX + STEP);
    }

    /** Counts what the reader takes from the connection. */
    private static final class CountingStream extends FilterInputStream {
        long read;

        CountingStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            read += b < 0 ? 0 : 1;
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            read += Math.max(0, n);
            return n;
        }
    }
}
