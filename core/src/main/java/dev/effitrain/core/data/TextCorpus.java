package dev.effitrain.core.data;

import dev.effitrain.core.EffitrainException;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Tokenizes UTF-8 text files once, at start-up, into one in-memory corpus. Files are concatenated
 * in {@link DataPaths#listFiles} order with nothing between them.
 */
public final class TextCorpus {
    private static final Logger LOG = LogManager.getLogger(TextCorpus.class);
    /** Long texts are tokenized in pieces of about this many chars, cut after a newline. */
    private static final int CHUNK_CHARS = 1 << 20;

    private TextCorpus() {
    }

    /** The result, with the files that were read and the binary files that were skipped. */
    public record Loaded(ArrayTokenCorpus corpus, List<Path> files, List<Path> skippedBinary) {
    }

    /** Loads a file or a directory tree; {@code path} must exist. */
    public static Loaded load(Path path, Tokenizer tokenizer) {
        return load(path, tokenizer, CHUNK_CHARS);
    }

    static Loaded load(Path path, Tokenizer tokenizer, int chunkChars) {
        boolean directory = Files.isDirectory(path);
        List<Path> read = new ArrayList<>();
        List<Path> skipped = new ArrayList<>();
        IntBuffer tokens = new IntBuffer();
        for (Path file : DataPaths.listFiles(path)) {
            String text = directory ? TextFiles.readIfText(file) : TextFiles.read(file);
            if (text == null) {
                skipped.add(file);
                continue;
            }
            read.add(file);
            encodeInChunks(text, tokenizer, chunkChars, tokens);
        }
        if (!skipped.isEmpty()) {
            LOG.warn("data.path: skipped {} binary file(s) under {}, e.g. {}", skipped.size(), path,
                    path.relativize(skipped.get(0)));
        }
        String what = read.size() == 1 && !directory ? path.toString() : path + " (" + read.size() + " text files)";
        return new Loaded(new ArrayTokenCorpus(tokens.toArray(), what), List.copyOf(read), List.copyOf(skipped));
    }

    private static void encodeInChunks(String text, Tokenizer tokenizer, int chunkChars, IntBuffer out) {
        int from = 0;
        while (from < text.length()) {
            int to = Math.min(text.length(), from + chunkChars);
            if (to < text.length()) {
                int newline = text.lastIndexOf('\n', to - 1);
                if (newline >= from) {
                    to = newline + 1;
                } else if (Character.isHighSurrogate(text.charAt(to - 1))) {
                    to--;   // never split a surrogate pair
                }
            }
            out.add(tokenizer.encode(text.substring(from, to)));
            from = to;
        }
    }

    /** A growable int array. */
    private static final class IntBuffer {
        private int[] data = new int[1 << 16];
        private int size;

        void add(int[] values) {
            long needed = (long) size + values.length;
            if (needed > Integer.MAX_VALUE - 8) {
                throw EffitrainException.badInput("data.path: the text has over 2^31 tokens, too many to hold in"
                        + " memory; pre-tokenise it to uint16 .bin files and use source: tokens");
            }
            if (needed > data.length) {
                data = Arrays.copyOf(data, (int) Math.min(Integer.MAX_VALUE - 8, Math.max(needed, 2L * data.length)));
            }
            System.arraycopy(values, 0, data, size, values.length);
            size += values.length;
        }

        int[] toArray() {
            return Arrays.copyOf(data, size);
        }
    }
}
