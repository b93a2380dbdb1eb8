package dev.effitrain.core.report;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The PNGs written, and for each plot not drawn (or run left out of one), why. */
public record PlotResult(List<Path> written, List<String> skipped) {

    public PlotResult {
        written = List.copyOf(written);
        skipped = List.copyOf(skipped);
    }

    public static PlotResult skippedAll(String why) {
        return new PlotResult(List.of(), List.of(why));
    }

    /** "wrote 4 plots; skipped: loss vs tokens: no tokens logged". */
    public String summary() {
        StringBuilder sb = new StringBuilder("wrote " + written.size() + " plot" + (written.size() == 1 ? "" : "s"));
        if (!skipped.isEmpty()) {
            sb.append("; skipped: ").append(String.join("; ", skipped));
        }
        return sb.toString();
    }

    static final class Builder {
        private final List<Path> written = new ArrayList<>();
        private final List<String> skipped = new ArrayList<>();

        void wrote(Path p) {
            written.add(p);
        }

        void skipped(String why) {
            skipped.add(why);
        }

        PlotResult build() {
            return new PlotResult(written, skipped);
        }
    }
}
