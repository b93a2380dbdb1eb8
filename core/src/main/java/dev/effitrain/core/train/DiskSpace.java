package dev.effitrain.core.train;

import dev.effitrain.core.EffitrainException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Refuses to start training when a checkpoint cannot fit: the free space where checkpoints go is
 * below the model's own tensor bytes, a lower bound on any checkpoint's size (optimizer state and
 * state.json come on top). A disk that fills up later still fails the save with exit 3, leaving no
 * checkpoint that looks complete; this only turns the certain failure into an early one.
 */
final class DiskSpace {
    private DiskSpace() {
    }

    static void requireRoomForCheckpoint(Path checkpointsDir, long modelBytes) {
        long free;
        try {
            free = Files.getFileStore(checkpointsDir).getUsableSpace();
        } catch (IOException | SecurityException e) {
            return; // cannot be known here; the save itself reports a full disk
        }
        if (free < modelBytes) {
            throw EffitrainException.badInput(checkpointsDir + ": only " + free + " bytes free, but a checkpoint of this "
                    + "model needs more than " + modelBytes + " bytes (its weights alone); free some space or set output");
        }
    }
}
