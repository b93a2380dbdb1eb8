package dev.effitrain.core.data;

/**
 * Procedural English-like text from a small seeded grammar, so quickstarts and tests need no files.
 * It has structure a tiny GPT can learn at several ranges: spelling of a fixed vocabulary, a/an
 * before vowels, subject-verb agreement (cat chases / cats chase), capitals after full stops,
 * counting sequences (three, four, five), and a topic per paragraph that decides which nouns, verbs
 * and adjectives appear. The text is plain ASCII, so one character is one byte token.
 */
public final class SyntheticText {
    /** Size used when a recipe leaves {@code data.synthetic_size} at 0: about a minute of quickstart training. */
    public static final long DEFAULT_SIZE = 1_000_000;

    private record Topic(String[] nouns, String[] verbs, String[] adjectives) {
    }

    private static final Topic[] TOPICS = {
        new Topic(new String[] {"cat", "dog", "bird", "fox", "horse", "rabbit", "owl", "goat"},
                new String[] {"chase", "watch", "follow", "feed", "hear", "catch"},
                new String[] {"small", "quick", "lazy", "brown", "old", "hungry"}),
        new Topic(new String[] {"car", "street", "bus", "shop", "tower", "bridge", "train", "market"},
                new String[] {"pass", "block", "face", "reach", "cross", "light"},
                new String[] {"busy", "tall", "quiet", "empty", "new", "red"}),
        new Topic(new String[] {"cook", "bread", "knife", "pot", "cup", "apple", "oven", "table"},
                new String[] {"cut", "fill", "wash", "bake", "carry", "push"},
                new String[] {"warm", "clean", "sharp", "heavy", "green", "sweet"}),
        new Topic(new String[] {"ship", "wave", "fish", "sailor", "island", "storm", "boat", "anchor"},
                new String[] {"cross", "reach", "follow", "hit", "touch", "watch"},
                new String[] {"dark", "wild", "calm", "deep", "grey", "salty"}),
    };
    private static final String[] NAMES = {"Anna", "Ben", "Clara", "David", "Emma", "Felix"};
    private static final String[] PREPOSITIONS = {"near", "under", "behind", "over", "beside", "after"};
    private static final String[] ADVERBS = {"slowly", "quickly", "often", "never", "again", "today"};
    private static final String[] NUMBERS = {"one", "two", "three", "four", "five", "six", "seven",
        "eight", "nine", "ten", "eleven", "twelve"};

    private final SplitMix64 rng;
    private final StringBuilder out = new StringBuilder();
    private Topic topic;

    private SyntheticText(long seed) {
        this.rng = new SplitMix64(SplitMix64.mix(seed, 0x5E47));
    }

    /** Exactly {@code size} characters (= bytes) of text, the same for the same seed. */
    public static String generate(long seed, long size) {
        if (size < 0 || size > Integer.MAX_VALUE - 1024) {
            throw new IllegalArgumentException("synthetic text size out of range: " + size);
        }
        SyntheticText g = new SyntheticText(seed);
        while (g.out.length() < size) {
            g.paragraph();
        }
        g.out.setLength((int) size);
        return g.out.toString();
    }

    private void paragraph() {
        topic = pick(TOPICS);
        int sentences = 3 + rng.nextInt(4);
        for (int i = 0; i < sentences; i++) {
            if (i > 0) {
                out.append(' ');
            }
            int start = out.length();
            sentence();
            out.setCharAt(start, Character.toUpperCase(out.charAt(start)));
        }
        out.append('\n');
    }

    private void sentence() {
        switch (rng.nextInt(6)) {
            case 0, 1 -> {
                boolean plural = subject();
                word(verb(pick(topic.verbs), plural));
                object();
                if (rng.nextInt(2) == 0) {
                    word(pick(PREPOSITIONS));
                    object();
                }
                out.append('.');
            }
            case 2 -> {
                out.append(pick(NAMES));
                word(verb(pick(topic.verbs), false));
                object();
                word(pick(ADVERBS));
                out.append('.');
            }
            case 3 -> {
                boolean plural = subject();
                word(plural ? "are" : "is");
                word(pick(topic.adjectives));
                out.append('.');
            }
            case 4 -> {
                int mark = out.length();
                out.append("do ");
                boolean plural = subject();
                if (!plural) {
                    out.insert(mark + 2, "es");
                }
                word(pick(topic.verbs));
                object();
                out.append('?');
            }
            default -> {
                int from = rng.nextInt(NUMBERS.length - 3);
                int count = 3 + rng.nextInt(Math.min(4, NUMBERS.length - from - 2));
                for (int i = 0; i < count; i++) {
                    out.append(i == 0 ? "" : ", ").append(NUMBERS[from + i]);
                }
                out.append('.');
            }
        }
    }

    /** Appends a noun phrase as the subject; returns whether it is plural. */
    private boolean subject() {
        boolean plural = rng.nextInt(3) == 0;
        nounPhrase(plural);
        return plural;
    }

    private void object() {
        out.append(' ');
        nounPhrase(rng.nextInt(3) == 0);
    }

    private void nounPhrase(boolean plural) {
        String adjective = rng.nextInt(2) == 0 ? pick(topic.adjectives) : null;
        String noun = pick(topic.nouns);
        String first = adjective != null ? adjective : noun;
        String determiner;
        if (plural) {
            determiner = switch (rng.nextInt(3)) {
                case 0 -> "the";
                case 1 -> "some";
                default -> NUMBERS[1 + rng.nextInt(4)];
            };
            noun = plural(noun);
        } else {
            determiner = switch (rng.nextInt(3)) {
                case 0 -> "the";
                case 1 -> "this";
                default -> "aeiou".indexOf(first.charAt(0)) >= 0 ? "an" : "a";
            };
        }
        out.append(determiner);
        if (adjective != null) {
            word(adjective);
        }
        word(noun);
    }

    private static String plural(String noun) {
        return noun.equals("knife") ? "knives" : noun.equals("fish") ? "fish" : sibilant(noun) ? noun + "es" : noun + "s";
    }

    private static String verb(String base, boolean plural) {
        if (plural) {
            return base;
        }
        if (base.endsWith("y") && "aeiou".indexOf(base.charAt(base.length() - 2)) < 0) {
            return base.substring(0, base.length() - 1) + "ies";
        }
        return sibilant(base) ? base + "es" : base + "s";
    }

    private static boolean sibilant(String w) {
        return w.endsWith("s") || w.endsWith("sh") || w.endsWith("ch") || w.endsWith("x");
    }

    private void word(String w) {
        out.append(' ').append(w);
    }

    private <T> T pick(T[] options) {
        return options[rng.nextInt(options.length)];
    }
}
