package dev.effitrain.core.model;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Activation;

/** fc1 → GELU (exact erf form) → fc2. */
public final class Mlp {
    private final Linear fc1;
    private final Linear fc2;

    public Mlp(ParamStore ps, String name, BlockSpec spec) {
        this.fc1 = new Linear(ps, name + ".fc1", spec.dim(), spec.mlpHidden(), true, spec.weightInit(ps.manager(), false));
        this.fc2 = new Linear(ps, name + ".fc2", spec.mlpHidden(), spec.dim(), true, spec.weightInit(ps.manager(), true));
    }

    public NDArray forward(NDArray x) {
        return fc2.forward(Activation.gelu(fc1.forward(x)));
    }
}
