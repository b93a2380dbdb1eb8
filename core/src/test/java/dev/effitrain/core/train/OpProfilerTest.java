package dev.effitrain.core.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.effitrain.core.EffitrainException;
import dev.effitrain.core.ExitCode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OpProfilerTest {

    @Test
    void selfTimeExcludesNestedChildrenPerThread() throws Exception {
        // thread 1: linear [0,100) contains addmm [10,90) which contains a copy [20,30); then a 50 us gelu
        // thread 2: an addmm [0,40) overlapping thread 1 in time, which must not nest into it
        String trace = """
                {"traceEvents": [
                  {"ph": "X", "name": "aten::linear", "tid": 1, "ts": 0, "dur": 100},
                  {"ph": "X", "name": "aten::addmm", "tid": 1, "ts": 10, "dur": 80},
                  {"ph": "X", "name": "aten::copy_", "tid": 1, "ts": 20, "dur": 10},
                  {"ph": "X", "name": "aten::gelu", "tid": 1, "ts": 100, "dur": 50},
                  {"ph": "X", "name": "aten::addmm", "tid": 2, "ts": 0, "dur": 40},
                  {"ph": "i", "name": "marker", "tid": 1, "ts": 5}
                ]}
                """;
        Path file = Files.createTempFile("trace", ".json");
        Files.writeString(file, trace);
        Map<String, OpProfiler.OpTime> ops = OpProfiler.summarize(file).stream()
                .collect(Collectors.toMap(OpProfiler.OpTime::name, Function.identity()));
        assertEquals(0.020, ops.get("aten::linear").selfMs(), 1e-9);
        assertEquals(0.100, ops.get("aten::linear").totalMs(), 1e-9);
        assertEquals(2, ops.get("aten::addmm").calls());
        assertEquals(0.070 + 0.040, ops.get("aten::addmm").selfMs(), 1e-9);
        assertEquals(0.010, ops.get("aten::copy_").selfMs(), 1e-9);
        assertEquals(0.050, ops.get("aten::gelu").selfMs(), 1e-9);
        List<OpProfiler.OpTime> ranked = OpProfiler.summarize(file);
        assertEquals("aten::addmm", ranked.get(0).name());
        String table = OpProfiler.table(ranked, 1.0, 1);
        assertTrue(table.contains("aten::addmm"), table);
    }

    @Test
    void windowParsesFromToAndRejectsNonsense() {
        assertEquals(new OpProfiler.Window(50, 60), OpProfiler.Window.parse("50:60"));
        for (String bad : new String[] {"60:50", "5", "a:b", "-1:3", "3:3", ""}) {
            EffitrainException e = assertThrows(EffitrainException.class, () -> OpProfiler.Window.parse(bad));
            assertEquals(ExitCode.USAGE, e.exitCode());
            assertTrue(e.getMessage().contains("FROM:TO"), e.getMessage());
        }
    }
}
