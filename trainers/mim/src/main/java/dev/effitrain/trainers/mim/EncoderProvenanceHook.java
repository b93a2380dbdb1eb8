package dev.effitrain.trainers.mim;

import com.google.gson.JsonObject;
import dev.effitrain.core.train.LoopHook;
import java.nio.file.Path;

/** Records in each probe checkpoint which frozen encoder its classifier belongs to. */
final class EncoderProvenanceHook implements LoopHook {
    private final Path encoderFrom;

    EncoderProvenanceHook(Path encoderFrom) {
        this.encoderFrom = encoderFrom;
    }

    @Override
    public void addCheckpointState(JsonObject state) {
        JsonObject p = new JsonObject();
        p.addProperty("init_from", encoderFrom == null ? null : encoderFrom.toString());
        p.addProperty("frozen_encoder", encoderFrom == null ? "random initialisation" : "checkpoint");
        state.add("provenance", p);
    }
}
