package dev.effitrain.cli.reliability;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * Makes broken variants of a recipe, one at a time, from a seeded {@link Random}: tree mutations
 * (a value of the wrong type, an unknown key, a deleted key, an odd scalar) and text mutations
 * (a nasty YAML fragment, random bytes, truncation). Each mutant says which key path an error
 * about it must name, when there is one.
 */
final class RecipeMutator {

    /** A mutated recipe. {@code mustFail}: exit 2 is the only right answer; {@code keyPath}: what the error names. */
    record Mutant(String kind, byte[] bytes, String keyPath, boolean mustFail) {
        String describe() {
            return kind + (keyPath == null ? "" : " at " + keyPath);
        }
    }

    private static final List<Object> NOT_A_NUMBER = List.of("abc", List.of(1, 2), Map.of("x", 1), true, "");
    private static final List<Object> NOT_A_STRING = List.of(List.of("a", "b"), Map.of("x", 1));
    private static final List<Object> NOT_A_LIST = List.of("x", 3, Map.of("x", 1));
    private static final List<String> ODD_SCALARS = List.of("-1", "0", "1e400", ".nan", ".inf", "-.inf",
            "9223372036854775808", "-9223372036854775809", "1e-400", "''", "~", "10xyz", "1.5ba", "-3ep", "0x1F",
            "0o17", "1_000", "yes", "on", "2024-01-01", "!!binary aGVsbG8=", "!!float abc", "!!int 1.5",
            "!!str", "!foo bar", "[]", "{}", "'${name}'", "'${nope.nope}'", "'${'", "\"\\u0000\"", "0ba", "1e30ba",
            "99999999999999999999ep", "-0.0", "1dur", "0.5dur", "1tok", "NaNba");
    private static final List<String> FRAGMENTS = List.of(
            "x: &a [1, 2]\ny: *a\n", "<<: {seed: 3}\n", "? [a, b]\n: c\n", "--- \nname: other\n",
            "\tseed: 3\n", "seed: 1: 2\n", "model: [\n", "model: {layers: 3\n", "name: 'unterminated\n",
            "%YAML 1.1\n", "!!python/object/apply:os.system ['true']\n", "seed: !!python/object:java.io.File []\n",
            "train: !!set {a, b}\n", "- just\n- a\n- list\n", "name: *undefined\n", "&anchor\n", "seed: |\n  3\n",
            "? \n", ":\n", "'': 1\n", "null: 1\n", "~: 2\n", "1: 2\n", "model: null\n", "train: []\n",
            "data: !!binary aGVsbG8=\n", "seed: 3\nseed: 4\n", "\u0000\n", "\uFEFFname: bom\n", "\u00e9t\u00e9: 1\n",
            "model:\n  layers: 2\n    d_model: 64\n", "schedule: {warmup: *nope}\n", "extends: /etc/hostname\n",
            "extends: /\n", "extends: ./no-such.yaml\n", "extends: [a.yaml]\n", "init_from: /nonexistent/ckpt\n",
            "output: ''\n", "device: gpu:99\n", "device: tpu\n", "trainer: nope\n", "trainer: [standard]\n");

    private final Random random;
    private final String text;
    private final Map<String, Object> tree;
    private final List<List<Object>> paths = new ArrayList<>();
    private final Set<String> validKeys;

    /** @param validKeys every key path the resolved recipe has (so a made-up key is really unknown) */
    RecipeMutator(String text, Set<String> validKeys, long seed) {
        this.random = new Random(seed);
        this.text = text;
        this.validKeys = validKeys;
        this.tree = new Yaml().load(text);
        collect(tree, new ArrayList<>());
    }

    Mutant next() {
        return switch (random.nextInt(9)) {
            case 0, 1 -> wrongType();
            case 2 -> unknownKey();
            case 3 -> deleteKey();
            case 4 -> oddScalar();
            case 5 -> fragment();
            case 6 -> randomBytes();
            case 7 -> truncate();
            default -> garbage();
        };
    }

    private Mutant wrongType() {
        List<Object> path = pick(leafPaths());
        Object old = get(path);
        Object replacement;
        boolean mustFail;
        if (old instanceof Number) {
            replacement = pick(NOT_A_NUMBER);
            mustFail = true;
        } else if (old instanceof List) {
            replacement = pick(NOT_A_LIST);
            mustFail = true;
        } else if (old instanceof String) {
            replacement = pick(NOT_A_STRING);
            mustFail = true;
        } else {
            replacement = pick(NOT_A_NUMBER);
            mustFail = false; // a boolean may legitimately take several spellings
        }
        return new Mutant("wrong type (" + show(replacement) + ")", dump(with(path, replacement)), keyPath(path), mustFail);
    }

    private Mutant unknownKey() {
        List<List<Object>> maps = new ArrayList<>();
        maps.add(List.of());
        for (List<Object> p : paths) {
            if (get(p) instanceof Map) {
                maps.add(p);
            }
        }
        List<Object> parent = pick(maps);
        @SuppressWarnings("unchecked")
        Map<String, Object> siblings = (Map<String, Object>) get(parent);
        String key;
        do {
            key = siblings.isEmpty() || random.nextBoolean() ? "zz" + Integer.toString(random.nextInt(1 << 20), 36)
                    : misspell(pick(new ArrayList<>(siblings.keySet())));
        } while (validKeys.contains(join(parent, key)) || siblings.containsKey(key));
        List<Object> path = new ArrayList<>(parent);
        path.add(key);
        return new Mutant("unknown key", dump(with(path, random.nextBoolean() ? 1 : "x")), keyPath(path), true);
    }

    private Mutant deleteKey() {
        List<Object> path = pick(paths.stream().filter(p -> p.get(p.size() - 1) instanceof String).toList());
        return new Mutant("deleted key", dump(without(path)), keyPath(path), false);
    }

    private Mutant oddScalar() {
        List<Object> path = pick(leafPaths());
        String scalar = pick(ODD_SCALARS);
        String marker = "MUTANT_" + random.nextInt(1_000_000);
        String yaml = new String(dump(with(path, marker)), StandardCharsets.UTF_8).replace(marker, scalar);
        return new Mutant("odd scalar " + scalar, yaml.getBytes(StandardCharsets.UTF_8), keyPath(path), false);
    }

    private Mutant fragment() {
        String[] lines = text.split("\n", -1);
        int at = random.nextInt(lines.length + 1);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < lines.length; i++) {
            if (i == at) {
                sb.append(pick(FRAGMENTS));
            }
            sb.append(lines[i]).append(i < lines.length - 1 ? "\n" : "");
        }
        if (at == lines.length) {
            sb.append("\n").append(pick(FRAGMENTS));
        }
        return new Mutant("YAML fragment at line " + (at + 1), sb.toString().getBytes(StandardCharsets.UTF_8), null, false);
    }

    private Mutant randomBytes() {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        int n = 1 + random.nextInt(8);
        for (int i = 0; i < n; i++) {
            b[random.nextInt(b.length)] = (byte) random.nextInt(256);
        }
        return new Mutant(n + " random bytes", b, null, false);
    }

    private Mutant truncate() {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        int len = random.nextInt(b.length);
        return new Mutant("truncated to " + len + " bytes", java.util.Arrays.copyOf(b, len), null, false);
    }

    private Mutant garbage() {
        byte[] b = new byte[random.nextInt(2048)];
        random.nextBytes(b);
        return new Mutant(b.length + " bytes of garbage", b, null, false);
    }

    // --- the tree ---

    private void collect(Object node, List<Object> path) {
        if (!path.isEmpty()) {
            paths.add(List.copyOf(path));
        }
        if (node instanceof Map<?, ?> m) {
            for (Object k : m.keySet()) {
                path.add(String.valueOf(k));
                collect(m.get(k), path);
                path.remove(path.size() - 1);
            }
        } else if (node instanceof List<?> l) {
            for (int i = 0; i < l.size(); i++) {
                path.add(i);
                collect(l.get(i), path);
                path.remove(path.size() - 1);
            }
        }
    }

    private List<List<Object>> leafPaths() {
        return paths.stream().filter(p -> !(get(p) instanceof Map)).toList();
    }

    private Object get(List<Object> path) {
        Object node = tree;
        for (Object k : path) {
            node = k instanceof Integer i ? ((List<?>) node).get(i) : ((Map<?, ?>) node).get(k);
        }
        return node;
    }

    private Object with(List<Object> path, Object value) {
        Object copy = deepCopy(tree);
        Object node = copy;
        for (int i = 0; i < path.size() - 1; i++) {
            Object k = path.get(i);
            node = k instanceof Integer idx ? ((List<?>) node).get(idx) : ((Map<?, ?>) node).get(k);
        }
        put(node, path.get(path.size() - 1), value);
        return copy;
    }

    private Object without(List<Object> path) {
        Object copy = deepCopy(tree);
        Object node = copy;
        for (int i = 0; i < path.size() - 1; i++) {
            Object k = path.get(i);
            node = k instanceof Integer idx ? ((List<?>) node).get(idx) : ((Map<?, ?>) node).get(k);
        }
        ((Map<?, ?>) node).remove(path.get(path.size() - 1));
        return copy;
    }

    @SuppressWarnings("unchecked")
    private static void put(Object container, Object key, Object value) {
        if (key instanceof Integer i) {
            ((List<Object>) container).set(i, value);
        } else {
            ((Map<String, Object>) container).put((String) key, value);
        }
    }

    private static Object deepCopy(Object node) {
        if (node instanceof Map<?, ?> m) {
            Map<String, Object> c = new LinkedHashMap<>();
            m.forEach((k, v) -> c.put(String.valueOf(k), deepCopy(v)));
            return c;
        }
        if (node instanceof List<?> l) {
            List<Object> c = new ArrayList<>();
            l.forEach(v -> c.add(deepCopy(v)));
            return c;
        }
        return node;
    }

    private static byte[] dump(Object tree) {
        DumperOptions o = new DumperOptions();
        o.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        return new Yaml(o).dump(tree).getBytes(StandardCharsets.UTF_8);
    }

    /** {@code model.layers}, {@code optimizer.betas[1]}: as the loader names keys. */
    static String keyPath(List<Object> path) {
        StringBuilder sb = new StringBuilder();
        for (Object k : path) {
            if (k instanceof Integer i) {
                sb.append('[').append(i).append(']');
            } else {
                sb.append(sb.length() == 0 ? "" : ".").append(k);
            }
        }
        return sb.toString();
    }

    private static String join(List<Object> parent, String key) {
        List<Object> p = new ArrayList<>(parent);
        p.add(key);
        return keyPath(p);
    }

    private String misspell(String key) {
        StringBuilder sb = new StringBuilder(key);
        int at = random.nextInt(sb.length() + 1);
        sb.insert(at, (char) ('a' + random.nextInt(26)));
        return sb.toString();
    }

    private static String show(Object o) {
        return o instanceof String s ? "'" + s + "'" : String.valueOf(o);
    }

    private <T> T pick(List<T> list) {
        return list.get(random.nextInt(list.size()));
    }
}
