package dev.effitrain.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class EtaTest {

    @Test
    void remainingTimeFollowsThePaceSinceThisProcessStarted() {
        // 50 steps in 10 s (a resumed run's earlier steps do not count), 150 to go: 30 s
        assertEquals(Optional.of(Duration.ofSeconds(30)), Eta.remaining(50, Duration.ofSeconds(10), 150));
        assertEquals(Optional.empty(), Eta.remaining(0, Duration.ofSeconds(3), 100));
        assertEquals(Optional.of(Duration.ZERO), Eta.remaining(0, Duration.ZERO, 0));
    }

    @Test
    void formatIsHoursMinutesSeconds() {
        assertEquals("0:00:41", Eta.format(Optional.of(Duration.ofMillis(41_900))));
        assertEquals("1:02:03", Eta.format(Optional.of(Duration.ofSeconds(3723))));
        assertEquals("27:46:40", Eta.format(Optional.of(Duration.ofSeconds(100_000))));
        assertEquals("?", Eta.format(Optional.empty()));
    }
}
