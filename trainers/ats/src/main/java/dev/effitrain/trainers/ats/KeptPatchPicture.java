package dev.effitrain.trainers.ats;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import dev.effitrain.core.EffitrainException;
import dev.effitrain.core.data.image.EvalBatches;
import dev.effitrain.core.data.image.ImageBatch;
import dev.effitrain.core.data.image.Normalization;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * A PNG of sample evaluation images, one row each: the image, then one copy per ATS stage with
 * the patches that stage kept outlined and the dropped ones dimmed.
 */
public final class KeptPatchPicture {
    private static final int CELL = 112;
    private static final int GAP = 6;
    private static final int HEADER = 18;
    private static final int FOOTER = 16;
    private static final Color KEPT = new Color(255, 140, 0);

    private KeptPatchPicture() {
    }

    /** Runs the first {@code count} evaluation images through the model and draws what each stage kept. */
    public static void write(Path file, AtsModel model, int count, NDManager manager) {
        ImageBatch batch;
        try (EvalBatches batches = new EvalBatches(model.data().eval(), count, model.normalization(), 0, 1)) {
            batch = batches.next();
        }
        List<List<int[]>> kept = new ArrayList<>(); // [image][stage] → live patch indices
        try (NDScope scope = new NDScope()) {
            AtsVit.Pass pass = model.ats().forward(batch.imagesArray(manager), false, true);
            for (int i = 0; i < batch.size(); i++) {
                List<int[]> perStage = new ArrayList<>();
                for (TokenState st : pass.stages()) {
                    perStage.add(st.livePatches(i));
                }
                kept.add(perStage);
            }
        }
        BufferedImage img = render(batch, model.data().classNames(), model.normalization(), model.ats().spec().patchSize(),
                model.ats().budgets(), kept);
        try {
            Files.createDirectories(file.getParent());
            Path tmp = file.resolveSibling("." + file.getFileName() + ".tmp");
            ImageIO.write(img, "png", tmp.toFile());
            Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw EffitrainException.badInput(file + ": cannot write the kept-patch picture (" + e.getMessage() + ")");
        }
    }

    static BufferedImage render(ImageBatch batch, List<String> classNames, Normalization norm, int patch,
                                Map<Integer, Integer> budgets, List<List<int[]>> kept) {
        int n = batch.size();
        int stages = budgets.size();
        int side = (int) batch.shape().get(2);
        int scale = Math.max(1, CELL / side);
        int cell = side * scale;
        int width = (stages + 1) * (cell + GAP) + GAP;
        int rowHeight = cell + FOOTER;
        BufferedImage out = new BufferedImage(width, HEADER + n * (rowHeight + GAP), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, out.getWidth(), out.getHeight());
        List<String> headers = new ArrayList<>(List.of("input"));
        budgets.forEach((block, k) -> headers.add("block " + block + ", K=" + k));
        for (int col = 0; col <= stages; col++) {
            label(g, headers.get(col), GAP + col * (cell + GAP), HEADER - 5);
        }
        int grid = side / patch;
        for (int i = 0; i < n; i++) {
            int[][] rgb = pixels(batch, norm, i);
            int y = HEADER + i * (rowHeight + GAP);
            for (int col = 0; col <= stages; col++) {
                int x = GAP + col * (cell + GAP);
                boolean[] live = new boolean[grid * grid];
                if (col == 0) {
                    java.util.Arrays.fill(live, true);
                } else {
                    for (int p : kept.get(i).get(col - 1)) {
                        live[p] = true;
                    }
                }
                drawCell(g, rgb, side, scale, x, y, live, grid, patch, col > 0);
                if (col > 0) {
                    label(g, (kept.get(i).get(col - 1).length + 1) + " tokens", x, y + cell + FOOTER - 4);
                } else {
                    int c = batch.labels()[i];
                    label(g, c < classNames.size() ? classNames.get(c) : "class " + c, x, y + cell + FOOTER - 4);
                }
            }
        }
        g.dispose();
        return out;
    }

    private static void drawCell(Graphics2D g, int[][] rgb, int side, int scale, int x0, int y0, boolean[] live,
                                 int grid, int patch, boolean outline) {
        for (int r = 0; r < side; r++) {
            for (int c = 0; c < side; c++) {
                int p = (r / patch) * grid + c / patch;
                int v = rgb[r][c];
                Color color = live[p] ? new Color(v) : dim(new Color(v));
                g.setColor(color);
                g.fillRect(x0 + c * scale, y0 + r * scale, scale, scale);
            }
        }
        if (!outline) {
            return;
        }
        g.setColor(KEPT);
        g.setStroke(new BasicStroke(1f));
        int s = patch * scale;
        for (int p = 0; p < live.length; p++) {
            if (live[p]) {
                g.drawRect(x0 + (p % grid) * s, y0 + (p / grid) * s, s - 1, s - 1);
            }
        }
    }

    /** Dropped patches: a quarter of the brightness, tinted blue. */
    private static Color dim(Color c) {
        return new Color(c.getRed() / 4, c.getGreen() / 4, Math.min(255, c.getBlue() / 4 + 60));
    }

    /** Image {@code i} back in [0, 255] RGB (grey images repeated over the three channels). */
    private static int[][] pixels(ImageBatch batch, Normalization norm, int i) {
        int channels = (int) batch.shape().get(1);
        int side = (int) batch.shape().get(2);
        float[] px = batch.images();
        int plane = side * side;
        int base = i * channels * plane;
        int[][] out = new int[side][side];
        for (int r = 0; r < side; r++) {
            for (int c = 0; c < side; c++) {
                int[] v = new int[3];
                for (int ch = 0; ch < 3; ch++) {
                    int src = Math.min(ch, channels - 1);
                    float x = px[base + src * plane + r * side + c] * norm.std()[src] + norm.mean()[src];
                    v[ch] = Math.max(0, Math.min(255, Math.round(x * 255)));
                }
                out[r][c] = (v[0] << 16) | (v[1] << 8) | v[2];
            }
        }
        return out;
    }

    /** Text is optional: a JDK without usable fonts still gets the picture. */
    private static void label(Graphics2D g, String text, int x, int y) {
        try {
            g.setColor(Color.DARK_GRAY);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.drawString(text, x, y);
        } catch (RuntimeException | Error noFonts) {
            // headless JDK without fonts: leave the picture unlabelled
        }
    }
}
