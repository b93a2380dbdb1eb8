package dev.effitrain.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ProgressLinesTest {

    @Test
    void plainLinesStartWithStepTotalPercentAndEta() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("event", "train");
        m.put("step", 200L);
        m.put("loss", 0.83124);
        m.put("lr", 1e-3);
        m.put("grad_norm", 0.5321);
        m.put("tokens_per_s", 4210.4);
        m.put("step_ms", 65.12);
        m.put("mfu", 0.0123);
        m.put("rss_mb", 900.2);
        assertEquals("step 200/600 (33%) eta 0:00:41  loss 0.8312  lr 1.00e-03  grad_norm 0.532  4210 tok/s  65.1 ms/step"
                + "  mfu 1.2%  rss 900 MB", ProgressLines.plain(m, 600, Optional.of(Duration.ofSeconds(41))));
        m.put("step", 600L);
        m.remove("mfu");
        assertEquals("step 600/600 (100%) eta ?  loss", ProgressLines.plain(m, 600, Optional.empty()).substring(0, 31));
        assertEquals(true, ProgressLines.plain(m, 600, Optional.empty()).contains("mfu NaN%"));
    }

    @Test
    void theBarShowsLossAndOnceLoggedTokensPerSecond() {
        assertEquals(" loss 4.8911", ProgressLines.barMessage(4.89114, Double.NaN));
        assertEquals(" loss 2.1000  12,345 tok/s", ProgressLines.barMessage(2.1, 12345.4));
    }

    @Test
    void evaluationsCheckpointsAndSlowPhases() {
        Map<String, Double> eval = new LinkedHashMap<>();
        eval.put("val_loss", 2.44701);
        eval.put("val_ppl", 11.55);
        assertEquals("eval @ step 60:  val_loss 2.4470  val_ppl 11.5500", ProgressLines.eval(60, eval));
        assertEquals("checkpoint @ step 30: runs/q/checkpoints/step-000030",
                ProgressLines.checkpoint(30, Path.of("runs/q/checkpoints/step-000030")));
        assertEquals("evaluating at step 200 ... 3s", ProgressLines.status("evaluating at step 200", Duration.ofMillis(3400)));
        assertEquals("loading data ... 2s", ProgressLines.status("loading data", Duration.ofMillis(1500)));
    }
}
