package dev.effitrain.core.report;

import dev.effitrain.core.EffitrainException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Writes a comparison's plots and {@code report.md} (table, notes, embedded plots) into one folder. */
public final class ReportWriter {

    public static final String REPORT = "report.md";

    private ReportWriter() {
    }

    /**
     * @param command the command line to record in the report, or null
     * @return the plots written (report.md is not among them) and those skipped
     * @throws EffitrainException (exit 3) when the folder or a file in it cannot be written
     */
    public static PlotResult write(Comparison c, Path outDir, List<XAxis> axes, String command) {
        try {
            Files.createDirectories(outDir);
        } catch (IOException e) {
            throw EffitrainException.badInput("cannot create " + outDir + " (" + e.getMessage() + ")", e);
        }
        PlotResult plots = ComparisonPlots.write(c, outDir, axes);
        StringBuilder md = new StringBuilder("# effitrain compare\n\n");
        md.append(ComparisonText.markdown(c, plots.written(), outDir, command));
        if (!plots.skipped().isEmpty()) {
            md.append("\nPlots not drawn:\n\n");
            plots.skipped().forEach(s -> md.append("- ").append(s).append('\n'));
        }
        Path report = outDir.resolve(REPORT);
        try {
            Files.writeString(report, md, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw EffitrainException.badInput("cannot write " + report + " (" + e.getMessage() + ")", e);
        }
        return plots;
    }
}
