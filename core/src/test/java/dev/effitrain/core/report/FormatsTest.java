package dev.effitrain.core.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class FormatsTest {

    @Test
    void metricsKeepFourSignificantDigits() {
        assertEquals("2.000", Formats.metric(2.0));
        assertEquals("0.8123", Formats.metric(0.81234));
        assertEquals("1235", Formats.metric(1234.5));
        assertEquals("1.000e-04", Formats.metric(1e-4));
        assertEquals("-", Formats.metric(Double.NaN));
    }

    @Test
    void durationsReadAsSecondsMinutesOrHours() {
        assertEquals("42.0 s", Formats.duration(42));
        assertEquals("3m 05s", Formats.duration(185));
        assertEquals("2h 07m", Formats.duration(2 * 3600 + 7 * 60 + 20));
    }

    @Test
    void siAndBinaryPrefixes() {
        assertEquals("1.23 TFLOP", Formats.si(1.234e12, "FLOP"));
        assertEquals("512 FLOP", Formats.si(512, "FLOP"));
        assertEquals("999 kFLOP", Formats.si(999_000, "FLOP"));
        assertEquals("1.00 MFLOP", Formats.si(999_600, "FLOP"));
        assertEquals("512 B", Formats.bytes(512));
        assertEquals("12.3 MiB", Formats.bytes(12.3 * 1024 * 1024));
        assertEquals("-", Formats.bytes(Double.NaN));
    }

    @Test
    void ratiosKeepTwoSignificantDigitsWhenSmall() {
        assertEquals("0.62x", Formats.ratio(0.6234));
        assertEquals("1.00x", Formats.ratio(1));
        assertEquals("0.0010x", Formats.ratio(0.001046));
        assertEquals("-", Formats.ratio(Double.NaN));
    }
}
