package dev.effitrain.core.report;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;

/**
 * The contents of one metrics.jsonl as series by name. Training-line fields keep their names
 * ({@code lr}, {@code flops}, {@code wall_s}, ...) except {@code loss}, which becomes
 * {@code train_loss}; evaluation-line fields keep theirs ({@code val_loss}, ...).
 *
 * <p>A point logged at a step not after the previous one supersedes the points from that step on:
 * a run resumed from an earlier checkpoint logs those steps again, and the later values count.
 */
public final class MetricsLog {

    private final Map<String, List<Sample>> series;
    private final Set<String> evalMetrics;
    private final List<StageMark> stages;
    private final OptionalLong totalSteps;
    private final OptionalLong params;
    private final List<String> notes;

    private MetricsLog(Builder b) {
        Map<String, List<Sample>> copy = new LinkedHashMap<>();
        b.series.forEach((k, v) -> copy.put(k, List.copyOf(v)));
        this.series = Collections.unmodifiableMap(copy);
        this.evalMetrics = Collections.unmodifiableSet(new LinkedHashSet<>(b.evalMetrics));
        this.stages = List.copyOf(b.stages);
        this.totalSteps = b.totalSteps;
        this.params = b.params;
        this.notes = List.copyOf(b.notes);
    }

    public static MetricsLog empty() {
        return new Builder().build();
    }

    /** The points of a series in step order, non-finite values included; empty if never logged. */
    public List<Sample> series(String name) {
        return series.getOrDefault(name, List.of());
    }

    public Set<String> seriesNames() {
        return series.keySet();
    }

    /** Names that came from evaluation lines, in the order first seen. */
    public Set<String> evalMetrics() {
        return evalMetrics;
    }

    public List<StageMark> stages() {
        return stages;
    }

    /** From the start line, if there was one. */
    public OptionalLong totalSteps() {
        return totalSteps;
    }

    public OptionalLong params() {
        return params;
    }

    /** The last step any line mentioned; empty when nothing was logged. */
    public OptionalLong lastStep() {
        long last = -1;
        for (List<Sample> s : series.values()) {
            if (!s.isEmpty()) {
                last = Math.max(last, s.get(s.size() - 1).step());
            }
        }
        for (StageMark m : stages) {
            last = Math.max(last, m.step());
        }
        return last < 0 ? OptionalLong.empty() : OptionalLong.of(last);
    }

    /** What the reader had to skip (a truncated last line, unreadable lines). */
    public List<String> notes() {
        return notes;
    }

    static final class Builder {
        private final Map<String, List<Sample>> series = new LinkedHashMap<>();
        private final Set<String> evalMetrics = new LinkedHashSet<>();
        private final List<StageMark> stages = new ArrayList<>();
        private OptionalLong totalSteps = OptionalLong.empty();
        private OptionalLong params = OptionalLong.empty();
        private final List<String> notes = new ArrayList<>();

        void add(String name, long step, double value) {
            List<Sample> points = series.computeIfAbsent(name, k -> new ArrayList<>());
            while (!points.isEmpty() && points.get(points.size() - 1).step() >= step) {
                points.remove(points.size() - 1);
            }
            points.add(new Sample(step, value));
        }

        void addEval(String name, long step, double value) {
            evalMetrics.add(name);
            add(name, step, value);
        }

        /** Several stages may start at one step; a resumed run logging the same one again is ignored. */
        void addStage(long step, String name) {
            while (!stages.isEmpty() && stages.get(stages.size() - 1).step() > step) {
                stages.remove(stages.size() - 1);
            }
            StageMark mark = new StageMark(step, name);
            if (!stages.contains(mark)) {
                stages.add(mark);
            }
        }

        void start(OptionalLong totalSteps, OptionalLong params) {
            if (totalSteps.isPresent()) {
                this.totalSteps = totalSteps;
            }
            if (params.isPresent()) {
                this.params = params;
            }
        }

        void note(String note) {
            notes.add(note);
        }

        MetricsLog build() {
            return new MetricsLog(this);
        }
    }
}
