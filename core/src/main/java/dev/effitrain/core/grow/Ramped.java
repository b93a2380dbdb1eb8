package dev.effitrain.core.grow;

/** A model computing through growth masks whose value m ramps from 0 (before growth) to 1 (grown). */
public interface Ramped {

    /** Sets m: 0 = the model before growth, 1 = the grown model. */
    void ramp(double m);

    /** The current m. */
    double ramp();
}
