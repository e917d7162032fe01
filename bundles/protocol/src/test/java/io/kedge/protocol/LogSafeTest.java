package io.kedge.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import io.kedge.protocol.testing.RandomInputs;
import org.junit.jupiter.api.Test;

class LogSafeTest {

    @Test
    void controlCharactersAndSeparatorsAreEscaped() {
        assertThat(LogSafe.of("insert\nINFO Node edge-1 connected\r\u001b[31m"))
                .isEqualTo("insert\\u000aINFO Node edge-1 connected\\u000d\\u001b[31m");
        assertThat(LogSafe.of("a\u2028b\u2029c\u0085d\u202ee\u0000")).isEqualTo("a\\u2028b\\u2029c\\u0085d\\u202ee\\u0000");
        assertThat(LogSafe.of("lone \ud800 surrogate")).isEqualTo("lone \\ud800 surrogate");
    }

    @Test
    void ordinaryTextIsKeptAsItIs() {
        String plain = "default/pod/nginx-7f9c äöü 日本 \ud83d\ude00 \"quoted\" \\n";
        assertThat(LogSafe.of(plain)).isSameAs(plain);
        assertThat(LogSafe.of(null)).isEqualTo("null");
    }

    @Test
    void longTextIsCut() {
        String cut = LogSafe.of("x".repeat(10_000));
        assertThat(cut).startsWith("x".repeat(LogSafe.MAX_CHARS)).endsWith("...(" + (10_000 - LogSafe.MAX_CHARS) + " more chars)");
        assertThat(LogSafe.of("x".repeat(LogSafe.MAX_CHARS - 1) + "\ud83d\ude00"))
                .as("a pair is never split").isEqualTo("x".repeat(LogSafe.MAX_CHARS - 1) + "...(2 more chars)");
    }

    @Test
    void noLineBreakOrControlCharacterSurvives() {
        RandomInputs.forAll(2000, random -> RandomInputs.anyString(random, 600), text -> {
            String safe = LogSafe.of(text);
            assertThat(safe.chars()).noneMatch(c -> Character.isISOControl(c) || c == '\u2028' || c == '\u2029');
            assertThat(safe.length()).isLessThanOrEqualTo(LogSafe.MAX_CHARS * 6 + 40);
        });
    }
}
