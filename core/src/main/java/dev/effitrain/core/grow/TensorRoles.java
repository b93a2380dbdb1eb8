package dev.effitrain.core.grow;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What each parameter's axes mean, by name (GPT and ViT share the block names). A parameter not
 * listed has no growable axis (e.g. the ViT head bias) and passes through width changes unchanged.
 */
final class TensorRoles {
    private static final Pattern BLOCK = Pattern.compile("blocks\\.(\\d+)\\.(.+)");

    private TensorRoles() {
    }

    /** The layer index of a block parameter, or -1. */
    static int layerOf(String name) {
        Matcher m = BLOCK.matcher(name);
        return m.matches() ? Integer.parseInt(m.group(1)) : -1;
    }

    /** {@code blocks.3.attn.qkv.weight -> attn.qkv.weight}; other names unchanged. */
    static String withinBlock(String name) {
        Matcher m = BLOCK.matcher(name);
        return m.matches() ? m.group(2) : name;
    }

    static String blockName(int layer, String within) {
        return "blocks." + layer + "." + within;
    }

    static List<AxisRole> of(String name, ModelDims dims) {
        if (layerOf(name) >= 0) {
            return block(withinBlock(name));
        }
        return dims.family() == ModelDims.Family.GPT ? gpt(name, dims.tiedHead()) : vit(name);
    }

    private static List<AxisRole> block(String within) {
        return switch (within) {
            case "norm1.weight", "norm1.bias", "norm2.weight", "norm2.bias", "attn.proj.bias", "mlp.fc2.bias" ->
                    List.of(out(0, Space.RESIDUAL));
            case "attn.qkv.weight" -> List.of(out(0, Space.QKV), in(1, Space.RESIDUAL));
            case "attn.qkv.bias" -> List.of(out(0, Space.QKV));
            case "attn.proj.weight" -> List.of(out(0, Space.RESIDUAL), in(1, Space.ATTENTION));
            case "mlp.fc1.weight" -> List.of(out(0, Space.MLP), in(1, Space.RESIDUAL));
            case "mlp.fc1.bias" -> List.of(out(0, Space.MLP));
            case "mlp.fc2.weight" -> List.of(out(0, Space.RESIDUAL), in(1, Space.MLP));
            default -> throw new IllegalArgumentException("unknown block parameter " + within);
        };
    }

    private static List<AxisRole> gpt(String name, boolean tied) {
        return switch (name) {
            case "tok_embed.weight", "pos_embed.weight" -> List.of(out(1, Space.RESIDUAL));
            // StableEmbedding's LayerNorm on the token lookup (embedding: stable)
            case "tok_embed.norm.weight", "tok_embed.norm.bias" -> List.of(out(0, Space.RESIDUAL));
            case "head.weight" -> List.of(in(1, Space.RESIDUAL));
            // With a tied head the final norm is the only thing between the residual stream and the
            // unembedding, so it takes the fan-in division the head itself cannot (the tie is kept).
            case "norm.weight", "norm.bias" -> List.of(tied ? in(0, Space.RESIDUAL) : out(0, Space.RESIDUAL));
            default -> throw new IllegalArgumentException("unknown GPT parameter " + name);
        };
    }

    private static List<AxisRole> vit(String name) {
        return switch (name) {
            case "patch_embed.proj.weight", "patch_embed.proj.bias", "norm.weight", "norm.bias" -> List.of(out(0, Space.RESIDUAL));
            case "cls_token", "pos_embed" -> List.of(out(2, Space.RESIDUAL));
            case "head.weight" -> List.of(in(1, Space.RESIDUAL));
            case "head.bias" -> List.of();
            default -> throw new IllegalArgumentException("unknown ViT parameter " + name);
        };
    }

    private static AxisRole out(int axis, Space s) {
        return new AxisRole(axis, s, false);
    }

    private static AxisRole in(int axis, Space s) {
        return new AxisRole(axis, s, true);
    }
}
