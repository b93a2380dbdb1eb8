package dev.effitrain.trainers.mim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * MAE's patch layout for pixel targets: (N, C, H, W) ↔ (N, L, p·p·C), patches in row-major order,
 * the pixels of a patch in (row, column, channel) order ({@code einsum('nchpwq->nhwpqc')}). The
 * patch embedding uses the channel-first layout of {@code Vit.patchify} instead, matching its conv
 * weight; the two agree for one channel.
 */
public final class MaePatches {
    private MaePatches() {
    }

    public static NDArray patchify(NDArray images, int p) {
        Shape s = images.getShape();
        long n = s.get(0);
        long c = s.get(1);
        if (s.get(2) != s.get(3) || s.get(2) % p != 0) {
            throw new IllegalArgumentException("images " + s + " are not square multiples of patch size " + p);
        }
        long g = s.get(2) / p;
        return images.reshape(n, c, g, p, g, p).transpose(0, 2, 4, 3, 5, 1).reshape(n, g * g, (long) p * p * c);
    }

    public static NDArray unpatchify(NDArray patches, int p, int channels) {
        Shape s = patches.getShape();
        long n = s.get(0);
        long g = Math.round(Math.sqrt(s.get(1)));
        if (g * g != s.get(1) || s.get(2) != (long) p * p * channels) {
            throw new IllegalArgumentException("patches " + s + " do not form a square grid of " + p + "x" + p + "x"
                    + channels + " patches");
        }
        return patches.reshape(n, g, g, p, p, channels).transpose(0, 5, 1, 3, 2, 4).reshape(n, channels, g * p, g * p);
    }
}
