package dev.effitrain.trainers.ats;

import java.util.List;
import java.util.stream.IntStream;

/**
 * The recipe's {@code ats:} section.
 *
 * @param mode            {@code eval}: plug ATS into the {@code init_from} checkpoint, no training;
 *                        {@code finetune}: train with ATS in place (from {@code init_from} when set)
 * @param blocks          0-based indices of the blocks that sample tokens (each one an ATS stage)
 * @param fromBlock       instead of {@code blocks}: every block from this one (0-based) to the last,
 *                        so one recipe fits models of any depth; null when {@code blocks} is given
 * @param k               K per ATS stage, or one value for all: the most tokens (CLS included) a stage
 *                        keeps; above 1 a count, at most 1 a ratio of the image's full token count
 * @param dropTokens      compact each batch to its largest kept count (false: dropped tokens stay as
 *                        masked slots, same results, no speed-up)
 * @param atEval          evaluate with ATS; false evaluates the plain model (e.g. after an ATS fine-tune)
 * @param compareBaseline evaluate the same weights without ATS too, side by side
 * @param pictureImages   sample images in {@code plots/ats-kept-patches.png}; 0 = no picture
 */
public record AtsConfig(String mode, List<Integer> blocks, Integer fromBlock, List<Double> k, boolean dropTokens, boolean atEval,
                        boolean compareBaseline, int pictureImages) {

    public static final String EVAL = "eval";
    public static final String FINETUNE = "finetune";

    /** The blocks that sample tokens in a model of {@code layers} blocks. */
    public List<Integer> blocks(int layers) {
        return fromBlock == null ? blocks : IntStream.range(fromBlock, layers).boxed().toList();
    }

    /** K as written for the stage at position {@code stage} of {@link #blocks()}. */
    public double kForStage(int stage) {
        return k.size() == 1 ? k.get(0) : k.get(stage);
    }

    public boolean finetune() {
        return FINETUNE.equals(mode);
    }
}
