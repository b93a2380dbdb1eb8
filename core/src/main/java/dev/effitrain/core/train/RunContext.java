package dev.effitrain.core.train;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongConsumer;

/** What the CLI hands a trainer besides the recipe: where to write, how to resume, how to report. */
public final class RunContext {

    private final Path runDir;
    private final String resume;   // auto | never | path to a checkpoint directory
    private final boolean interactive;
    private final TrainListener listener;
    private final AtomicBoolean stopRequested = new AtomicBoolean();
    private OpProfiler.Window profile;
    private LongConsumer onResume = step -> { };

    public RunContext(Path runDir, String resume, boolean interactive, TrainListener listener) {
        this.runDir = runDir;
        this.resume = resume;
        this.interactive = interactive;
        this.listener = listener == null ? TrainListener.NONE : listener;
    }

    public TrainListener listener() {
        return listener;
    }

    public Path runDir() {
        return runDir;
    }

    public String resume() {
        return resume;
    }

    /** Steps to run libtorch's operator profiler over ({@code run --profile}), or null. */
    public OpProfiler.Window profile() {
        return profile;
    }

    public RunContext withProfile(OpProfiler.Window window) {
        this.profile = window;
        return this;
    }

    /** {@code action} runs with the step once a checkpoint has been restored, before the resumed run writes anything. */
    public RunContext onResume(LongConsumer action) {
        this.onResume = action;
        return this;
    }

    /** Called by the training loop when it has resumed from {@code step}. */
    public void resumed(long step) {
        onResume.accept(step);
    }

    /** True when progress goes to a terminal (stderr): a progress bar; otherwise plain rate-limited lines. */
    public boolean interactive() {
        return interactive;
    }

    /** Set by the SIGINT/SIGTERM handler; the loop checkpoints and stops at the next step boundary. */
    public AtomicBoolean stopRequested() {
        return stopRequested;
    }
}
