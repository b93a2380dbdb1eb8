package dev.effitrain.core.report;

import java.util.List;
import java.util.Locale;

/** What is known about a metric from its name: which way is better and how to label it. */
public final class MetricInfo {

    public static final String TRAIN_LOSS = "train_loss";
    public static final String VAL_LOSS = "val_loss";

    private MetricInfo() {
    }

    /** Accuracies go up; losses, perplexities and everything else we log go down. */
    public static boolean higherIsBetter(String metric) {
        return isAccuracy(metric);
    }

    public static boolean isAccuracy(String metric) {
        return metric.toLowerCase(Locale.ROOT).contains("acc");
    }

    /** "≤" for metrics that go down, "≥" for those that go up. */
    public static String reachedSymbol(String metric) {
        return higherIsBetter(metric) ? ">=" : "<=";
    }

    /** Axis title in words; accuracies in percent when {@code percent} (values were scaled by 100). */
    public static String axisTitle(String metric, boolean percent) {
        String words = switch (metric) {
            case TRAIN_LOSS -> "training loss";
            case VAL_LOSS -> "validation loss";
            case "val_ppl" -> "validation perplexity";
            case "val_acc" -> "validation accuracy";
            default -> metric.replace('_', ' ');
        };
        return percent ? words + " (%)" : words;
    }

    /** True when every value is a fraction in [0, 1], so that it reads better as a percentage. */
    public static boolean showAsPercent(String metric, List<double[]> values) {
        if (!isAccuracy(metric)) {
            return false;
        }
        for (double[] vs : values) {
            for (double v : vs) {
                if (v < 0 || v > 1) {
                    return false;
                }
            }
        }
        return true;
    }
}
