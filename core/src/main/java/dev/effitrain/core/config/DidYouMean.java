package dev.effitrain.core.config;

import java.util.Collection;
import java.util.Optional;

/** Suggests the valid name closest to a misspelled one (Damerau-Levenshtein on loose spellings). */
final class DidYouMean {

    private DidYouMean() {
    }

    /** "unknown key; did you mean 'layers'?" or, when nothing is close, the list of valid keys. */
    static String unknown(String what, String given, Collection<String> valid) {
        return unknown(what, given, valid, "valid keys");
    }

    static String unknown(String what, String given, Collection<String> valid, String validLabel) {
        Optional<String> best = suggest(given, valid);
        if (best.isPresent()) {
            return what + "; did you mean '" + best.get() + "'?";
        }
        return what + "; " + validLabel + ": " + (valid.isEmpty() ? "(none)" : String.join(", ", valid));
    }

    static Optional<String> suggest(String given, Collection<String> candidates) {
        String g = KeyPaths.normalize(given);
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String c : candidates) {
            String n = KeyPaths.normalize(c);
            int d = distance(g, n);
            boolean contains = Math.min(g.length(), n.length()) >= 4 && (g.contains(n) || n.contains(g));
            if ((d <= allowed(g) || contains) && d < bestDistance) {
                best = c;
                bestDistance = d;
            }
        }
        return Optional.ofNullable(best);
    }

    private static int allowed(String s) {
        return s.length() <= 4 ? 1 : s.length() <= 8 ? 2 : 3;
    }

    /** Optimal string alignment distance: insertions, deletions, substitutions, adjacent swaps. */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
