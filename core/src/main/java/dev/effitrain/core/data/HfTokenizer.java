package dev.effitrain.core.data;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.effitrain.core.EffitrainException;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * A local HuggingFace {@code tokenizer.json} through DJL's tokenizers (Rust, bundled native
 * library, no download). Corpora are tokenized with truncation off (DJL's default silently cuts at
 * 512 tokens) and without special tokens, as LM pretraining wants.
 */
public final class HfTokenizer implements Tokenizer {
    private static final Map<String, String> OPTIONS = Map.of(
            "truncation", "false",
            "padding", "false",
            "addSpecialTokens", "false");

    private final HuggingFaceTokenizer tokenizer;
    private final int vocabSize;
    private final Path file;

    private HfTokenizer(HuggingFaceTokenizer tokenizer, int vocabSize, Path file) {
        this.tokenizer = tokenizer;
        this.vocabSize = vocabSize;
        this.file = file;
    }

    /**
     * Loads {@code tokenizer.json}, or the one inside a directory.
     *
     * @throws EffitrainException exit 3 naming the file when it is missing or not a tokenizer
     */
    public static HfTokenizer load(Path path) {
        Path file = (Files.isDirectory(path) ? path.resolve("tokenizer.json") : path).toAbsolutePath();
        if (!Files.isRegularFile(file)) {
            throw EffitrainException.badInput("data.tokenizer: " + file + " not found"
                    + " (use 'bytes' or the path of a HuggingFace tokenizer.json)");
        }
        int vocab = vocabSize(file);
        HuggingFaceTokenizer hf;
        try {
            hf = HuggingFaceTokenizer.newInstance(file, OPTIONS);
        } catch (IOException | RuntimeException e) {
            throw unreadable(file, e);
        }
        return new HfTokenizer(hf, vocab, file);
    }

    /** The vocabulary size: one more than the largest id in the model's vocab and the added tokens. */
    private static int vocabSize(Path file) {
        JsonObject root;
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            root = JsonParser.parseReader(r).getAsJsonObject();
        } catch (IOException | RuntimeException e) {
            throw unreadable(file, e);
        }
        try {
            return vocabSize(root);
        } catch (IllegalArgumentException | IllegalStateException | UnsupportedOperationException
                 | NullPointerException | ClassCastException e) {
            throw unreadable(file, e); // an id that is not a number, an added token without one, ...
        }
    }

    private static int vocabSize(JsonObject root) {
        long maxId = -1;
        JsonElement model = root.get("model");
        JsonElement vocab = model != null && model.isJsonObject() ? model.getAsJsonObject().get("vocab") : null;
        if (vocab != null && vocab.isJsonObject()) {            // BPE, WordLevel, WordPiece: {"token": id}
            for (Map.Entry<String, JsonElement> e : vocab.getAsJsonObject().entrySet()) {
                maxId = Math.max(maxId, e.getValue().getAsLong());
            }
        } else if (vocab != null && vocab.isJsonArray()) {      // Unigram: [[piece, score], ...], id = index
            maxId = vocab.getAsJsonArray().size() - 1;
        } else {
            throw new IllegalArgumentException("no model.vocab");
        }
        JsonElement added = root.get("added_tokens");
        if (added != null && added.isJsonArray()) {
            for (JsonElement t : (JsonArray) added) {
                maxId = Math.max(maxId, t.getAsJsonObject().get("id").getAsLong());
            }
        }
        if (maxId < 0 || maxId >= Integer.MAX_VALUE) {
            throw new IllegalArgumentException("empty or oversized vocabulary");
        }
        return (int) maxId + 1;
    }

    private static EffitrainException unreadable(Path file, Exception cause) {
        // Gson wraps its parser's exception: report the parser's own words ("End of input at line 1 ...")
        Throwable root = cause instanceof com.google.gson.JsonParseException && cause.getCause() != null ? cause.getCause() : cause;
        String why = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage().lines().findFirst().orElse("");
        return EffitrainException.badInput("data.tokenizer: " + file
                + " is not a readable HuggingFace tokenizer.json: " + why, cause);
    }

    @Override
    public int[] encode(String text) {
        long[] ids = tokenizer.encode(text, false, false).getIds();
        int[] out = new int[ids.length];
        for (int i = 0; i < ids.length; i++) {
            out[i] = Math.toIntExact(ids[i]);
        }
        return out;
    }

    @Override
    public String decode(int[] ids) {
        long[] longs = new long[ids.length];
        for (int i = 0; i < ids.length; i++) {
            longs[i] = ids[i];
        }
        return tokenizer.decode(longs, false);
    }

    @Override
    public int vocabSize() {
        return vocabSize;
    }

    @Override
    public String name() {
        return file.toString();
    }

    @Override
    public void close() {
        tokenizer.close();
    }
}
