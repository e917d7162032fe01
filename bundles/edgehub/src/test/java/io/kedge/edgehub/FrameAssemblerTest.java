package io.kedge.edgehub;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FrameAssemblerTest {

    @Test
    void joinsPartsOfOneMessage() {
        FrameAssembler assembler = new FrameAssembler(100);
        assertThat(assembler.append("{\"a\":", false)).isEqualTo(FrameAssembler.State.PARTIAL);
        assertThat(assembler.append("1}", true)).isEqualTo(FrameAssembler.State.COMPLETE);
        assertThat(assembler.message()).isEqualTo("{\"a\":1}");
    }

    @Test
    void dropsAnOversizeMessageAndRecoversForTheNextOne() {
        FrameAssembler assembler = new FrameAssembler(10);
        assertThat(assembler.append("0123456789", false)).isEqualTo(FrameAssembler.State.PARTIAL);
        assertThat(assembler.append("abc", false)).isEqualTo(FrameAssembler.State.PARTIAL);
        assertThat(assembler.append("def", true)).isEqualTo(FrameAssembler.State.TOO_LARGE);
        assertThat(assembler.message()).isNull();
        assertThat(assembler.append("ok", true)).isEqualTo(FrameAssembler.State.COMPLETE);
        assertThat(assembler.message()).isEqualTo("ok");
    }
}
