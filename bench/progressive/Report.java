import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Reads the runs' metrics.jsonl, prints a markdown table (final validation loss, FLOPs and wall
 * time in all, and to reach the baseline's final validation loss) and draws validation loss
 * against FLOPs and against wall time.
 * Usage: java -cp CP Report.java RUNS_DIR PLOT_DIR BASELINE OTHER...
 */
public class Report {
    record Point(long step, double flops, double wall, double valLoss) {
    }

    record Run(String name, List<Point> evals, double flops, double wall, long steps, String stages) {
        double finalLoss() {
            return evals.get(evals.size() - 1).valLoss();
        }
    }

    public static void main(String[] args) throws IOException {
        Path runs = Path.of(args[0]);
        Path plots = Path.of(args[1]);
        List<Run> all = new ArrayList<>();
        for (int i = 2; i < args.length; i++) {
            all.add(read(args[i], runs.resolve(args[i]).resolve("metrics.jsonl")));
        }
        Run base = all.get(0);
        double target = base.finalLoss();
        System.out.printf(Locale.ROOT, "| run | stages | final val loss | FLOPs | wall s | FLOPs to %.4f | wall s to %.4f | FLOPs saved | wall saved |%n",
                target, target);
        System.out.println("|---|---|---|---|---|---|---|---|---|");
        for (Run r : all) {
            double[] reach = reach(r, target);
            String flopsTo = reach == null ? "not reached" : String.format(Locale.ROOT, "%.3g", reach[0]);
            String wallTo = reach == null ? "not reached" : String.format(Locale.ROOT, "%.0f", reach[1]);
            String saved = reach == null || r == base ? "" : String.format(Locale.ROOT, "%.0f%%", 100 * (1 - reach[0] / base.flops()));
            String wallSaved = reach == null || r == base ? "" : String.format(Locale.ROOT, "%.0f%%", 100 * (1 - reach[1] / base.wall()));
            System.out.printf(Locale.ROOT, "| %s | %s | %.4f | %.3g | %.0f | %s | %s | %s | %s |%n", r.name(), r.stages(),
                    r.finalLoss(), r.flops(), r.wall(), flopsTo, wallTo, saved, wallSaved);
        }
        Files.createDirectories(plots);
        plot(all, true, plots.resolve("progressive-gpt-loss-vs-flops"));
        plot(all, false, plots.resolve("progressive-gpt-loss-vs-wall"));
    }

    /** FLOPs and wall seconds at which the validation loss first reaches {@code target} (linear between evaluations). */
    static double[] reach(Run r, double target) {
        Point prev = null;
        for (Point p : r.evals()) {
            if (p.valLoss() <= target) {
                if (prev == null) {
                    return new double[] {p.flops(), p.wall()};
                }
                double t = (prev.valLoss() - target) / (prev.valLoss() - p.valLoss());
                return new double[] {prev.flops() + t * (p.flops() - prev.flops()), prev.wall() + t * (p.wall() - prev.wall())};
            }
            prev = p;
        }
        return null;
    }

    static Run read(String name, Path metrics) throws IOException {
        TreeMap<Long, JsonObject> train = new TreeMap<>();
        List<JsonObject> evals = new ArrayList<>();
        List<String> stages = new ArrayList<>();
        for (String line : Files.readAllLines(metrics)) {
            JsonObject o = JsonParser.parseString(line).getAsJsonObject();
            switch (o.get("event").getAsString()) {
                case "train" -> train.put(o.get("step").getAsLong(), o);
                case "eval" -> evals.add(o);
                case "stage" -> stages.add(o.get("step").getAsLong() + ":" + o.get("to").getAsString()
                        .replace(" layers, d_model ", "L/d").replaceAll(",.*", ""));
                default -> { }
            }
        }
        List<Point> points = new ArrayList<>();
        for (JsonObject e : evals) {
            long step = e.get("step").getAsLong();
            JsonObject t = train.floorEntry(step).getValue();
            points.add(new Point(step, t.get("flops").getAsDouble(), t.get("wall_s").getAsDouble(), e.get("val_loss").getAsDouble()));
        }
        JsonObject last = train.lastEntry().getValue();
        return new Run(name, points, last.get("flops").getAsDouble(), last.get("wall_s").getAsDouble(),
                last.get("step").getAsLong(), stages.isEmpty() ? "-" : String.join(" → ", stages));
    }

    static void plot(List<Run> runs, boolean byFlops, Path file) throws IOException {
        XYChart chart = new XYChartBuilder().width(800).height(500)
                .title("GPT on fortunes: validation loss vs " + (byFlops ? "training FLOPs" : "wall time (2 threads)"))
                .xAxisTitle(byFlops ? "FLOPs" : "seconds").yAxisTitle("validation loss").build();
        for (Run r : runs) {
            double[] x = r.evals().stream().mapToDouble(p -> byFlops ? p.flops() : p.wall()).toArray();
            double[] y = r.evals().stream().mapToDouble(Point::valLoss).toArray();
            chart.addSeries(r.name(), x, y).setMarker(SeriesMarkers.CIRCLE);
        }
        BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
    }
}
