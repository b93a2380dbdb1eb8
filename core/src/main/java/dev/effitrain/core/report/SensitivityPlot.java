package dev.effitrain.core.report;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * A sweep's sensitivity plot: the final metric against a swept numeric value (such as the learning
 * rate) on a logarithmic x axis, one line per setting of the sweep's other keys.
 */
public final class SensitivityPlot {

    /** One line: its legend label and points sorted by x. */
    public record Line(String label, double[] x, double[] y) {
    }

    private SensitivityPlot() {
    }

    public static void write(Path file, String title, String xTitle, String yTitle, List<Line> lines) throws IOException {
        XYChart chart = new XYChartBuilder().width(PngChart.WIDTH).height(PngChart.HEIGHT)
                .title(title).xAxisTitle(xTitle).yAxisTitle(yTitle).build();
        PngChart.style(chart.getStyler());
        chart.getStyler().setXAxisLogarithmic(true);
        for (int i = 0; i < lines.size(); i++) {
            Line line = lines.get(i);
            XYSeries s = chart.addSeries(line.label(), line.x(), line.y());
            s.setLineColor(PngChart.color(i));
            s.setMarkerColor(PngChart.color(i));
            s.setLineWidth(2.2f);
            s.setMarker(SeriesMarkers.CIRCLE);
        }
        PngChart.write(chart, file);
    }
}
