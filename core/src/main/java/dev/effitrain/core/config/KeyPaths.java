package dev.effitrain.core.config;

import java.util.Locale;

/** Key paths as shown to users ({@code optimizer.overrides[0].lr}) and YAML key spelling. */
public final class KeyPaths {

    private KeyPaths() {
    }

    static String child(String path, String key) {
        return path == null || path.isEmpty() ? key : path + "." + key;
    }

    static String index(String path, int i) {
        return path + "[" + i + "]";
    }

    /** The enclosing path: {@code a.b[2].c -> a.b[2] -> a.b -> a -> ""}. */
    static String parent(String path) {
        int cut = Math.max(path.lastIndexOf('.'), path.lastIndexOf('['));
        return cut <= 0 ? "" : path.substring(0, cut);
    }

    /** {@code a.b[2]} is at or below {@code a.b}. */
    static boolean isAtOrBelow(String path, String ancestor) {
        return ancestor.isEmpty() || path.equals(ancestor)
                || path.startsWith(ancestor) && (path.charAt(ancestor.length()) == '.' || path.charAt(ancestor.length()) == '[');
    }

    /** Record component name to YAML key: {@code dModel -> d_model}, {@code min8bitSize -> min_8bit_size}. */
    public static String snakeCase(String camel) {
        StringBuilder sb = new StringBuilder(camel.length() + 4);
        for (int i = 0; i < camel.length(); i++) {
            char c = camel.charAt(i);
            char prev = i == 0 ? 0 : camel.charAt(i - 1);
            if (Character.isUpperCase(c)) {
                if (i > 0) {
                    sb.append('_');
                }
                sb.append(Character.toLowerCase(c));
            } else if (Character.isDigit(c) && Character.isLetter(prev)) {
                sb.append('_').append(c);
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    /** Loose spelling used to compare keys and enum values: case, '-' and camelCase ignored. */
    static String normalize(String key) {
        boolean mixedCase = !key.equals(key.toLowerCase(Locale.ROOT)) && !key.equals(key.toUpperCase(Locale.ROOT));
        String snake = mixedCase ? snakeCase(key) : key;
        return snake.toLowerCase(Locale.ROOT).replace('-', '_');
    }
}
