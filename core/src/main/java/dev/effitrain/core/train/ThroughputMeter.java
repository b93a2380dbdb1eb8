package dev.effitrain.core.train;

/** Averages over the steps since the last log line: loss, step time, samples/s. */
final class ThroughputMeter {
    private double lossSum;
    private int steps;
    private long samples;
    private long nanos;

    void add(double loss, long stepSamples, long stepNanos) {
        lossSum += loss;
        steps++;
        samples += stepSamples;
        nanos += stepNanos;
    }

    boolean isEmpty() {
        return steps == 0;
    }

    double meanLoss() {
        return lossSum / steps;
    }

    double meanStepMillis() {
        return nanos / 1e6 / steps;
    }

    double samplesPerSecond() {
        return nanos == 0 ? 0 : samples / (nanos / 1e9);
    }

    void reset() {
        lossSum = 0;
        steps = 0;
        samples = 0;
        nanos = 0;
    }
}
