package dev.effitrain.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class ProgressModeTest {

    @Test
    void aBarOnlyWhenStderrIsATerminalDevice() {
        for (String tty : new String[] {"/dev/pts/3", "/dev/tty1", "/dev/ttyS0", "/dev/tty", "/dev/console"}) {
            assertEquals(ProgressMode.BAR, ProgressMode.decide(Optional.of(tty), false, "xterm-256color"), tty);
        }
        // 2> log, 2>&1 | tee, 2> /dev/null, a socket: plain lines, whatever stdin and stdout are
        for (String notTty : new String[] {"/tmp/run.log", "pipe:[123456]", "/dev/null", "socket:[42]", "/dev/pts"}) {
            assertEquals(ProgressMode.PLAIN, ProgressMode.decide(Optional.of(notTty), true, "xterm"), notTty);
        }
    }

    @Test
    void withoutProcItFallsBackToTheConsole() {
        assertEquals(ProgressMode.BAR, ProgressMode.decide(Optional.empty(), true, "xterm"));
        assertEquals(ProgressMode.PLAIN, ProgressMode.decide(Optional.empty(), false, "xterm"));
        assertEquals(ProgressMode.PLAIN, ProgressMode.decide(Optional.empty(), false, null));
    }

    @Test
    void aDumbTerminalGetsPlainLines() {
        assertEquals(ProgressMode.PLAIN, ProgressMode.decide(Optional.of("/dev/pts/0"), true, "dumb"));
    }

    @Test
    void underTheTestRunnerStderrIsNoTerminal() {
        // surefire runs the tests with stderr on a pipe or file, never a terminal
        assertEquals(ProgressMode.PLAIN, ProgressMode.detect());
    }
}
