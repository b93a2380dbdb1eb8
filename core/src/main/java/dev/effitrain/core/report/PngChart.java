package dev.effitrain.core.report;

import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.atomic.AtomicLong;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.XYStyler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Renders a {@link ChartSpec} to a PNG with XChart, headless, replacing the file atomically so that
 * a reader never sees half a PNG. The first chart in a JVM also pays for initialising Java2D
 * (timings: bench/RESULTS.md, "Numbers from the code").
 */
public final class PngChart {

    static final int WIDTH = 960;
    static final int HEIGHT = 600;
    /** Longer curves are thinned to this many points: the PNG is 960 pixels wide anyway. */
    static final int MAX_POINTS = 2000;
    /** Curves with at most this many points get a dot at each point (evaluation curves). */
    private static final int DOTS_UP_TO = 40;

    private static final Color[] PALETTE = {
        new Color(0x1F77B4), new Color(0xD62728), new Color(0x2CA02C), new Color(0xFF7F0E),
        new Color(0x9467BD), new Color(0x8C564B), new Color(0xE377C2), new Color(0x17BECF),
        new Color(0xBCBD22), new Color(0x7F7F7F),
    };
    private static final Color MARKER_GREY = new Color(0x808080);
    private static final AtomicLong TMP_COUNTER = new AtomicLong();

    static {
        // Rendering needs no display; set before AWT initialises unless the user chose otherwise.
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    private PngChart() {
    }

    public static void write(ChartSpec spec, Path file) throws IOException {
        byte[] png = BitmapEncoder.getBitmapBytes(build(spec), BitmapEncoder.BitmapFormat.PNG);
        Path dir = Files.createDirectories(file.toAbsolutePath().getParent());
        // a unique temporary name, as two writers of the same plot must not share one; not
        // createTempFile, whose owner-only permissions the renamed PNG would keep
        Path tmp = dir.resolve("." + file.getFileName() + "." + ProcessHandle.current().pid() + "-"
                + TMP_COUNTER.incrementAndGet() + ".tmp");
        try {
            Files.write(tmp, png, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            try {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    static Color color(int index) {
        return index < 0 ? MARKER_GREY : PALETTE[index % PALETTE.length];
    }

    static XYChart build(ChartSpec spec) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT)
                .title(spec.title()).xAxisTitle(spec.xTitle()).yAxisTitle(spec.yTitle()).build();
        style(chart.getStyler());
        // every x axis is a running total from the start of the run
        chart.getStyler().setXAxisMin(0.0);
        for (ChartSpec.Line line : spec.lines()) {
            ChartSpec.Line thin = thinned(line);
            XYSeries s = chart.addSeries(line.label(), thin.x(), thin.y());
            s.setLineColor(color(line.color()));
            s.setMarkerColor(color(line.color()));
            s.setLineWidth(2.2f);
            s.setMarker(line.points() <= DOTS_UP_TO ? SeriesMarkers.CIRCLE : SeriesMarkers.NONE);
        }
        addRoundTicksAnchor(chart, spec);
        if (!spec.markers().isEmpty() || spec.target() != null) {
            chart.addAnnotation(new Guides(spec.markers(), spec.target()));
        }
        return chart;
    }

    private static void style(XYStyler st) {
        st.setChartBackgroundColor(Color.WHITE);
        st.setPlotBackgroundColor(Color.WHITE);
        st.setPlotBorderColor(new Color(0xB0B0B0));
        st.setPlotGridLinesColor(new Color(0xE4E4E4));
        st.setLegendPosition(Styler.LegendPosition.OutsideS);
        st.setLegendLayout(Styler.LegendLayout.Horizontal);
        st.setLegendBorderColor(Color.WHITE);
        st.setChartTitleBoxVisible(false);
        st.setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 18));
        st.setAxisTitleFont(new Font(Font.SANS_SERIF, Font.PLAIN, 15));
        st.setAxisTickLabelsFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        st.setLegendFont(new Font(Font.SANS_SERIF, Font.PLAIN, 14));
        st.setAnnotationTextFont(new Font(Font.SANS_SERIF, Font.ITALIC, 12));
        st.setAnnotationTextFontColor(new Color(0x505050));
        st.setMarkerSize(7);
        st.setAntiAlias(true);
    }

    /**
     * XChart 3.8 puts x ticks on data values instead of round numbers when the axis minimum, the
     * series' x values (in insertion order) and the maximum are equally spaced, as logged steps and
     * token counts are; that yields ticks like "1.392639864". A hidden point added last, between the
     * axis start and the first positive x, breaks the spacing without changing the axis range. A
     * single point without a marker draws nothing.
     */
    private static void addRoundTicksAnchor(XYChart chart, ChartSpec spec) {
        double smallestPositive = Double.POSITIVE_INFINITY;
        for (ChartSpec.Line line : spec.lines()) {
            for (double x : line.x()) {
                if (x > 0) {
                    smallestPositive = Math.min(smallestPositive, x);
                }
            }
        }
        if (Double.isInfinite(smallestPositive)) {
            return;
        }
        XYSeries anchor = chart.addSeries("\u2063anchor", new double[] {smallestPositive / 2},
                new double[] {spec.lines().get(0).y()[0]});
        anchor.setMarker(SeriesMarkers.NONE);
        anchor.setShowInLegend(false);
    }

    /** Every k-th point, keeping the last, when a curve has more points than the image has pixels. */
    static ChartSpec.Line thinned(ChartSpec.Line line) {
        int n = line.points();
        if (n <= MAX_POINTS) {
            return line;
        }
        int stride = (n + MAX_POINTS - 1) / MAX_POINTS;
        int m = (n - 1) / stride + 1 + ((n - 1) % stride == 0 ? 0 : 1);
        double[] x = new double[m];
        double[] y = new double[m];
        int j = 0;
        for (int i = 0; i < n; i += stride) {
            x[j] = line.x()[i];
            y[j++] = line.y()[i];
        }
        if (j < m) {
            x[j] = line.x()[n - 1];
            y[j] = line.y()[n - 1];
        }
        return new ChartSpec.Line(line.label(), x, y, line.color());
    }
}
