package dev.effitrain.trainers.ats;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import dev.effitrain.core.model.TransformerBlock;
import dev.effitrain.core.model.Vit;
import dev.effitrain.core.model.VitSpec;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A ViT with ATS in some of its blocks. It adds no parameters: it runs the {@link Vit}'s own
 * weights, so any ViT checkpoint works without training, and fine-tuning trains those weights.
 */
public final class AtsVit {
    private final Vit vit;
    private final TreeMap<Integer, AtsBlock> samplers;

    private AtsVit(Vit vit, TreeMap<Integer, AtsBlock> samplers) {
        this.vit = vit;
        this.samplers = samplers;
    }

    /** ATS in the configured blocks, with their K resolved against the image's full token count. */
    public static AtsVit of(Vit vit, AtsConfig cfg) {
        int full = vit.spec().numPatches() + 1;
        TreeMap<Integer, AtsBlock> samplers = new TreeMap<>();
        List<Integer> blocks = cfg.blocks(vit.blocks().size());
        for (int stage = 0; stage < blocks.size(); stage++) {
            int index = blocks.get(stage);
            TransformerBlock block = vit.blocks().get(index);
            samplers.put(index, new AtsBlock(block, TokenBudget.tokens(cfg.kForStage(stage), full), cfg.dropTokens()));
        }
        return new AtsVit(vit, samplers);
    }

    public Vit vit() {
        return vit;
    }

    public VitSpec spec() {
        return vit.spec();
    }

    /** ATS block index → K (tokens kept at most, CLS included), in block order. */
    public Map<Integer, Integer> budgets() {
        Map<Integer, Integer> m = new TreeMap<>();
        samplers.forEach((i, s) -> m.put(i, s.tokens()));
        return Collections.unmodifiableMap(m);
    }

    public List<Integer> samplingBlocks() {
        return List.copyOf(samplers.keySet());
    }

    /** What one forward pass computed. */
    public record Pass(NDArray logits, List<TokenState> stages) {

        /** Tokens kept per image after each ATS stage, CLS included. */
        public List<int[]> kept() {
            return stages.stream().map(TokenState::kept).toList();
        }

        /** Slots per image after each ATS stage: what the compacted batch computed. */
        public List<Integer> widths() {
            return stages.stream().map(TokenState::width).toList();
        }
    }

    /**
     * @param sample false runs the plain ViT on the same weights (no stages)
     */
    public Pass forward(NDArray images, boolean training, boolean sample) {
        if (!sample) {
            return new Pass(vit.logits(images, training), List.of());
        }
        TokenState state = TokenState.initial(vit.tokens(images));
        List<TokenState> stages = new ArrayList<>();
        List<TransformerBlock> blocks = vit.blocks();
        for (int i = 0; i < blocks.size(); i++) {
            AtsBlock sampler = samplers.get(i);
            if (sampler != null) {
                state = sampler.forward(state, training);
                stages.add(state);
            } else {
                state = state.withTokens(blocks.get(i).forward(state.tokens(), state.keyMask(), training));
            }
        }
        return new Pass(vit.classify(pool(vit.norm().forward(state.tokens()), state.policy())), stages);
    }

    /** CLS token, or the mean of the live patch tokens. */
    private NDArray pool(NDArray encoded, NDArray policy) {
        if (vit.spec().clsPool() || policy == null) {
            return vit.pool(encoded);
        }
        NDArray live = policy.get(new NDIndex(":, 1:")).expandDims(2);
        return encoded.get(new NDIndex(":, 1:, :")).mul(live).sum(new int[] {1}).div(live.sum(new int[] {1}));
    }
}
