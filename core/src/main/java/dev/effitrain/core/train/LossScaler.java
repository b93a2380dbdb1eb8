package dev.effitrain.core.train;

import ai.djl.ndarray.NDArray;
import com.google.gson.JsonObject;
import dev.effitrain.core.model.Param;
import dev.effitrain.core.model.Scalars;
import java.util.List;

/**
 * Dynamic loss scaling for fp16 training, with PyTorch's GradScaler rules and defaults: the loss is
 * multiplied by the scale before backward and the gradients divided by it after; a step whose
 * gradients are not finite (an fp16 overflow) is skipped, touching neither weights nor optimizer
 * state, and halves the scale; after {@code growthInterval} clean steps in a row the scale doubles.
 * Its state goes into each checkpoint, so a resumed run continues mid-interval.
 */
public final class LossScaler {
    public static final int GROWTH_INTERVAL = 2000;
    static final double GROWTH = 2.0;
    static final double BACKOFF = 0.5;

    private final int growthInterval;
    private double scale;
    private long cleanSteps;   // clean steps since the last growth or overflow
    private long overflows;    // skipped steps in the whole run

    public LossScaler(double initialScale) {
        this(initialScale, GROWTH_INTERVAL);
    }

    LossScaler(double initialScale, int growthInterval) {
        this.scale = initialScale;
        this.growthInterval = growthInterval;
    }

    public double scale() {
        return scale;
    }

    public long overflows() {
        return overflows;
    }

    /** The loss to call backward on. */
    public NDArray scaled(NDArray loss) {
        return Scalars.mul(loss, (float) scale);
    }

    /** Divides every gradient by the scale, in place (after backward, before clipping and the step). */
    public void unscale(List<Param> params) {
        float inverse = (float) (1.0 / scale);
        for (Param p : params) {
            try (NDArray g = p.array().getGradient()) {
                g.muli(inverse);
            }
        }
    }

    /** After a step: {@code overflow} (skipped) halves the scale, enough clean steps double it. */
    public void update(boolean overflow) {
        if (overflow) {
            scale *= BACKOFF;
            cleanSteps = 0;
            overflows++;
        } else if (++cleanSteps >= growthInterval) {
            scale *= GROWTH;
            cleanSteps = 0;
        }
    }

    public JsonObject state() {
        JsonObject o = new JsonObject();
        o.addProperty("scale", scale);
        o.addProperty("clean_steps", cleanSteps);
        o.addProperty("overflows", overflows);
        return o;
    }

    public void restore(JsonObject o) {
        scale = o.get("scale").getAsDouble();
        cleanSteps = o.get("clean_steps").getAsLong();
        overflows = o.get("overflows").getAsLong();
    }
}
