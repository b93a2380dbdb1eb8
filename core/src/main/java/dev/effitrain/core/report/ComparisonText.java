package dev.effitrain.core.report;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** The comparison as text for a terminal, and as a markdown document. */
public final class ComparisonText {

    private ComparisonText() {
    }

    /** One sentence: the metric, its direction and the target with how it was chosen. */
    public static String headline(Comparison c) {
        String direction = c.higherIsBetter() ? "higher is better" : "lower is better";
        String target = Double.isFinite(c.target())
                ? "target " + c.metric() + " " + MetricInfo.reachedSymbol(c.metric()) + " "
                        + Formats.metric(c.target()) + ", " + c.targetSource()
                : "no target (" + c.targetSource() + ")";
        return "Comparing on " + c.metric() + " (" + direction + "); " + target + ".";
    }

    public static String terminal(Comparison c) {
        StringBuilder sb = new StringBuilder();
        sb.append(headline(c)).append("\n\n");
        sb.append(ComparisonTables.figures(c).toTerminal());
        Optional<TextTable> rel = ComparisonTables.relative(c);
        rel.ifPresent(t -> sb.append("\nRelative to ").append(baseline(c)).append(":\n").append(t.toTerminal()));
        if (!c.notes().isEmpty()) {
            sb.append("\nNotes:\n");
            c.notes().forEach(n -> sb.append("  - ").append(n).append('\n'));
        }
        return sb.toString();
    }

    /**
     * @param plots    PNG files to embed, linked relative to {@code linkBase} (the report's folder)
     * @param command  the command that produced the report, or null
     */
    public static String markdown(Comparison c, List<Path> plots, Path linkBase, String command) {
        StringBuilder sb = new StringBuilder();
        sb.append(headline(c)).append("\n\n");
        sb.append(ComparisonTables.figures(c).toMarkdown());
        ComparisonTables.relative(c).ifPresent(t -> sb.append("\nRelative to `").append(baseline(c)).append("`:\n\n")
                .append(t.toMarkdown()));
        sb.append("\nRuns:\n\n");
        c.runs().forEach(r -> sb.append("- `").append(r.label()).append("`: `").append(r.dir()).append("`\n"));
        if (!c.notes().isEmpty()) {
            sb.append("\nNotes:\n\n");
            c.notes().forEach(n -> sb.append("- ").append(n).append('\n'));
        }
        if (!plots.isEmpty()) {
            sb.append("\n## Plots\n");
            for (Path p : plots) {
                String link = linkBase == null ? p.toString()
                        : linkBase.toAbsolutePath().normalize().relativize(p.toAbsolutePath().normalize()).toString();
                String alt = p.getFileName().toString().replaceFirst("\\.png$", "").replace("-vs-", " vs ");
                sb.append("\n![").append(alt).append("](").append(link.replace('\\', '/')).append(")\n");
            }
        }
        if (command != null) {
            sb.append("\nProduced by `").append(command).append("`.\n");
        }
        return sb.toString();
    }

    private static String baseline(Comparison c) {
        return c.rows().get(0).run().label();
    }
}
