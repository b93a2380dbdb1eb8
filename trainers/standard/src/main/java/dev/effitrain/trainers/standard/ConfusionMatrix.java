package dev.effitrain.trainers.standard;

import dev.effitrain.core.EffitrainException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Counts of (true class, predicted class); rows are true classes. */
final class ConfusionMatrix {
    private final List<String> names;
    private final long[][] counts;

    ConfusionMatrix(List<String> names, int classes) {
        this.names = names;
        this.counts = new long[classes][classes];
    }

    void add(int[] truth, int[] predicted) {
        for (int i = 0; i < truth.length; i++) {
            counts[truth[i]][predicted[i]]++;
        }
    }

    long total() {
        long n = 0;
        for (long[] row : counts) {
            for (long c : row) {
                n += c;
            }
        }
        return n;
    }

    double accuracy() {
        long correct = 0;
        for (int i = 0; i < counts.length; i++) {
            correct += counts[i][i];
        }
        return total() == 0 ? 0 : (double) correct / total();
    }

    Map<String, Double> perClassAccuracy() {
        Map<String, Double> m = new LinkedHashMap<>();
        for (int i = 0; i < counts.length; i++) {
            long rowTotal = 0;
            for (long c : counts[i]) {
                rowTotal += c;
            }
            m.put(name(i), rowTotal == 0 ? Double.NaN : (double) counts[i][i] / rowTotal);
        }
        return m;
    }

    long[][] counts() {
        return counts;
    }

    private String name(int i) {
        return i < names.size() ? names.get(i) : Integer.toString(i);
    }

    /** CSV: header of predicted classes, one row per true class. */
    void write(Path file) {
        StringBuilder sb = new StringBuilder("true\\predicted");
        for (int j = 0; j < counts.length; j++) {
            sb.append(',').append(name(j));
        }
        sb.append('\n');
        for (int i = 0; i < counts.length; i++) {
            sb.append(name(i));
            for (long c : counts[i]) {
                sb.append(',').append(c);
            }
            sb.append('\n');
        }
        try {
            Path tmp = file.resolveSibling("." + file.getFileName() + ".tmp");
            Files.writeString(tmp, sb.toString(), StandardCharsets.UTF_8);
            Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw EffitrainException.badInput(file + ": cannot write the confusion matrix (" + e.getMessage() + ")");
        }
    }
}
