package dev.effitrain.core.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.Stroke;
import java.awt.geom.Rectangle2D;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.knowm.xchart.internal.chartpart.Annotation;

/**
 * Guide lines over the plot area: dashed vertical stage markers, each in its run's colour with the
 * stage name beside the top of the line (labels that would overlap move down a row), and a dotted
 * horizontal target line. XChart's own AnnotationLine has one colour per chart and its
 * AnnotationText centres text on the point, so this draws both itself.
 */
final class Guides extends Annotation {

    private static final BasicStroke DASHED =
            new BasicStroke(1.6f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {7f, 5f}, 0f);
    private static final int GAP = 4;
    /** More markers than this are drawn without their names, which would only pile up. */
    private static final int LABELLED_UP_TO = 8;

    private static final BasicStroke DOTTED =
            new BasicStroke(1.4f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {2f, 4f}, 0f);
    private static final Color TARGET_GREY = new Color(0x606060);

    private final List<ChartSpec.Marker> markers;
    private final ChartSpec.Target target;

    /** {@code target} may be null. */
    Guides(List<ChartSpec.Marker> markers, ChartSpec.Target target) {
        super(false);
        this.markers = markers.stream().sorted(Comparator.comparingDouble(ChartSpec.Marker::x)).toList();
        this.target = target;
    }

    @Override
    public void paint(Graphics2D g) {
        Color oldColor = g.getColor();
        Stroke oldStroke = g.getStroke();
        // which of these is the top edge differs between XChart versions; order them ourselves
        int top = Math.min(getYAxisScreenValueForMax(), getYAxisScreenValueForMin());
        int bottom = Math.max(getYAxisScreenValueForMax(), getYAxisScreenValueForMin());
        int left = getXAxisScreenValueForMin();
        int right = getXAxisScreenValueForMax();
        bounds = new Rectangle2D.Double(left, top, right - left, bottom - top);
        g.setFont(styler.getAnnotationTextFont());
        FontMetrics fm = g.getFontMetrics();
        List<int[]> rowsEnd = new ArrayList<>();   // per row: the right edge of its last label
        Set<String> labelled = new HashSet<>();
        for (ChartSpec.Marker m : markers) {
            int x = getXAxisScreenValue(m.x());
            g.setColor(PngChart.color(m.color()));
            g.setStroke(DASHED);
            g.drawLine(x, top, x, bottom);
            if (markers.size() > LABELLED_UP_TO || !labelled.add(m.x() + "\u0000" + m.label())) {
                continue;
            }
            int width = fm.stringWidth(m.label());
            int textX = x + GAP + width <= right ? x + GAP : x - GAP - width;
            int row = freeRow(rowsEnd, textX, textX + width);
            g.setColor(styler.getAnnotationTextFontColor());
            g.drawString(m.label(), textX, top + GAP + fm.getAscent() + row * fm.getHeight());
        }
        if (target != null) {
            paintTarget(g, fm, top, bottom, left, right);
        }
        g.setColor(oldColor);
        g.setStroke(oldStroke);
    }

    private void paintTarget(Graphics2D g, FontMetrics fm, int top, int bottom, int left, int right) {
        int y = getYAxisScreenValue(target.y());
        if (y < top || y > bottom) {
            return;
        }
        g.setColor(TARGET_GREY);
        g.setStroke(DOTTED);
        g.drawLine(left, y, right, y);
        g.setColor(styler.getAnnotationTextFontColor());
        int width = fm.stringWidth(target.label());
        g.drawString(target.label(), right - GAP - width, y - GAP);
    }

    /** The first row whose last label ends left of {@code from}; records the new label's extent. */
    private static int freeRow(List<int[]> rowsEnd, int from, int to) {
        for (int r = 0; r < rowsEnd.size(); r++) {
            if (rowsEnd.get(r)[0] + GAP < from) {
                rowsEnd.get(r)[0] = to;
                return r;
            }
        }
        rowsEnd.add(new int[] {to});
        return rowsEnd.size() - 1;
    }
}
