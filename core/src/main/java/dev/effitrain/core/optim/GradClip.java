package dev.effitrain.core.optim;
import ai.djl.ndarray.*;
import dev.effitrain.core.model.Param;
import java.util.List;
public final class GradClip {
  public static double clipGlobalNorm(List<Param> params, double max) {
    try (NDScope s = new NDScope()) {
      NDArray sum = null;
      for (Param p : params) { NDArray g = p.array().getGradient(); NDArray sq = g.square().sum(); sum = sum == null ? sq : sum.add(sq); }
      double norm = Math.sqrt(sum.getFloat());
      if (max > 0 && norm > max) for (Param p : params) { NDArray g = p.array().getGradient(); g.muli((float) (max / (norm + 1e-6))); }
      return norm;
    }
  }
}
