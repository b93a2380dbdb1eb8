package dev.effitrain.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class TerminalWidthTest {

    @Test
    void sttySizeGivesRowsThenColumns() {
        assertEquals(OptionalInt.of(132), TerminalWidth.parse("43 132\n"));
        assertEquals(OptionalInt.empty(), TerminalWidth.parse(""));
        assertEquals(OptionalInt.empty(), TerminalWidth.parse("stty: 'standard input': Inappropriate ioctl for device"));
        assertEquals(OptionalInt.empty(), TerminalWidth.parse("0 0"));
    }

    @Test
    void withoutATerminalTheWidthIs80() {
        // the test runner has no controlling terminal, or stty cannot read one
        int cols = new TerminalWidth().columns();
        assertEquals(true, cols == TerminalWidth.DEFAULT || cols >= 10, String.valueOf(cols));
    }
}
