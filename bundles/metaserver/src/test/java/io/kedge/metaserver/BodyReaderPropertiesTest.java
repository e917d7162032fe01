package io.kedge.metaserver;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * Request bodies as any client may send them: whatever the declared length and the bytes, the reader
 * returns the body whole or refuses it (413, 429, 400), never reads or keeps more than its bounds,
 * and gives every byte back to the shared budget.
 */
class BodyReaderPropertiesTest {
    private static final int MAX = 4096;
    private static final int STEP = 16 * 1024;

    @Property(tries = 1000)
    void aBodyIsReturnedWholeOrRefusedAndItsBytesAreAlwaysGivenBack(@ForAll("bodies") byte[] sent,
            @ForAll("declaredLengths") String declared, @ForAll @IntRange(min = 0, max = 3 * MAX) int budgetBytes)
            throws IOException {
        BodyBudget budget = new BodyBudget(budgetBytes);
        CountingStream in = new CountingStream(new ByteArrayInputStream(sent));
        String header = declared.equals("exact") ? String.valueOf(sent.length) : declared.equals("chunked") ? null
                : declared;
        try (BodyReader.Body body = new BodyReader(MAX, budget).read(header, in)) {
            assertThat(body.bytes().length).isLessThanOrEqualTo(MAX).isLessThanOrEqualTo(budgetBytes);
            assertThat(budget.inUse()).isEqualTo(body.bytes().length);
            if (header == null || declared.equals("exact")) {
                assertThat(body.bytes()).isEqualTo(sent);
            }
        } catch (ApiError refused) {
            assertThat(refused.code()).as(refused.getMessage()).isIn(400, 413, 429);
        }
        assertThat(budget.inUse()).as("every byte given back").isZero();
        assertThat(in.read).as("never read far past the limit").isLessThanOrEqualTo(MAX + STEP);
    }

    @Provide
    Arbitrary<byte[]> bodies() {
        return Arbitraries.oneOf(Arbitraries.bytes().array(byte[].class).ofMaxSize(2 * MAX),
                Arbitraries.integers().between(0, 40 * MAX).map(byte[]::new));
    }

    @Provide
    Arbitrary<String> declaredLengths() {
        return Arbitraries.oneOf(Arbitraries.of("exact", "chunked", "-1", "abc", "", " 12 ", "99999999999999999999"),
                Arbitraries.longs().between(0, 3L * MAX).map(String::valueOf),
                Arbitraries.longs().map(String::valueOf));
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
