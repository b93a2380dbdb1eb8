package dev.effitrain.core.data;

import dev.effitrain.core.EffitrainException;
import dev.effitrain.core.config.DataConfig;
import dev.effitrain.core.config.Recipe;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Language-model data for a recipe: the tokenizer, the tokens, and the train / validation split.
 *
 * <p>The validation split is the contiguous tail of the corpus ({@code val_fraction} of its tokens)
 * and training uses only what comes before it, so no window of one split reads a token of the
 * other. Validation is read in fixed order ({@link LmDataset#sequentialBatch}).
 */
public final class TextData implements AutoCloseable {
    public static final String SYNTHETIC = "synthetic-text";
    public static final String TEXT = "text";
    public static final String TOKENS = "tokens";

    private final Tokenizer tokenizer;
    private final TokenCorpus corpus;
    private final LmDataset train;
    private final LmDataset validation;   // null when val_fraction is 0

    private TextData(Tokenizer tokenizer, TokenCorpus corpus, LmDataset train, LmDataset validation) {
        this.tokenizer = tokenizer;
        this.corpus = corpus;
        this.train = train;
        this.validation = validation;
    }

    public static TextData open(Recipe recipe) {
        return open(recipe.data(), recipe.model().seqLen(), recipe.seed(), recipe.baseDir());
    }

    /**
     * Opens {@code cfg.source} ({@value #SYNTHETIC}, {@value #TEXT} or {@value #TOKENS}).
     *
     * @param seed    seeds the synthetic text; the batch order takes its own seed
     * @param baseDir directory that relative paths are resolved against (the recipe's)
     * @throws EffitrainException exit 3 for missing, unreadable, empty or too-short data, naming the file
     */
    public static TextData open(DataConfig cfg, int seqLen, long seed, Path baseDir) {
        if (seqLen < 1) {
            throw EffitrainException.usage("model.seq_len must be positive, got " + seqLen);
        }
        if (!(cfg.valFraction() >= 0 && cfg.valFraction() < 1)) {
            throw EffitrainException.usage("data.val_fraction must be in [0, 1), got " + cfg.valFraction());
        }
        Tokenizer tokenizer = tokenizer(cfg.tokenizer(), baseDir);
        try {
            TokenCorpus corpus = corpus(cfg, seed, baseDir, tokenizer);
            return split(tokenizer, corpus, seqLen, cfg.valFraction());
        } catch (RuntimeException e) {
            tokenizer.close();
            throw e;
        }
    }

    /** {@code bytes} (or unset) is the byte tokenizer; anything else is a tokenizer.json path. */
    public static Tokenizer tokenizer(String spec, Path baseDir) {
        if (spec == null || spec.isBlank() || spec.equals(ByteTokenizer.NAME)) {
            return new ByteTokenizer();
        }
        return HfTokenizer.load(DataPaths.requireExists(DataPaths.resolve(spec, baseDir), "data.tokenizer"));
    }

    private static TokenCorpus corpus(DataConfig cfg, long seed, Path baseDir, Tokenizer tokenizer) {
        String source = cfg.source() == null ? "" : cfg.source();
        switch (source) {
            case SYNTHETIC -> {
                long size = cfg.syntheticSize() > 0 ? cfg.syntheticSize() : SyntheticText.DEFAULT_SIZE;
                String text = SyntheticText.generate(seed, size);
                return new ArrayTokenCorpus(tokenizer.encode(text), "synthetic text (" + size + " chars, seed " + seed + ")");
            }
            case TEXT -> {
                return TextCorpus.load(existingPath(cfg, baseDir), tokenizer).corpus();
            }
            case TOKENS -> {
                TokenFileCorpus tokens = TokenFileCorpus.open(existingPath(cfg, baseDir));
                if (tokens.maxToken() >= tokenizer.vocabSize()) {
                    throw EffitrainException.badInput("data.path: " + tokens.description() + " contains token id "
                            + tokens.maxToken() + ", outside the vocabulary of tokenizer '" + tokenizer.name() + "' ("
                            + tokenizer.vocabSize() + " ids); set data.tokenizer to the tokenizer.json the files were made with");
                }
                return tokens;
            }
            default -> throw EffitrainException.usage("data.source '" + cfg.source() + "' is not a text source; expected "
                    + SYNTHETIC + ", " + TEXT + " or " + TOKENS);
        }
    }

    private static Path existingPath(DataConfig cfg, Path baseDir) {
        if (cfg.path() == null || cfg.path().isBlank()) {
            throw EffitrainException.usage("data.path is required for source " + cfg.source());
        }
        return DataPaths.requireExists(DataPaths.resolve(cfg.path(), baseDir), "data.path");
    }

    private static TextData split(Tokenizer tokenizer, TokenCorpus corpus, int seqLen, double valFraction) {
        long total = corpus.size();
        if (total == 0) {
            throw EffitrainException.badInput("data.path: " + corpus.description() + " contains no tokens");
        }
        long valTokens = Math.round(total * valFraction);
        long trainTokens = total - valTokens;
        long window = seqLen + 1L;
        if (trainTokens < window) {
            throw EffitrainException.badInput("data.path: " + corpus.description() + " has " + total + " tokens; after"
                    + " holding out " + valTokens + " for validation, " + trainTokens + " are left for training, fewer than"
                    + " seq_len + 1 = " + window + " for one window");
        }
        if (valFraction > 0 && valTokens < window) {
            throw EffitrainException.badInput("data.path: " + corpus.description() + " has " + total + " tokens;"
                    + " val_fraction " + valFraction + " holds out " + valTokens + ", fewer than seq_len + 1 = " + window
                    + " for one validation window; raise val_fraction, lower seq_len or use more data");
        }
        LmDataset train = new LmDataset(corpus, 0, trainTokens, seqLen);
        LmDataset val = valFraction > 0 ? new LmDataset(corpus, trainTokens, total, seqLen) : null;
        return new TextData(tokenizer, corpus, train, val);
    }

    public Tokenizer tokenizer() {
        return tokenizer;
    }

    /** The model's vocabulary size. */
    public int vocabSize() {
        return tokenizer.vocabSize();
    }

    public TokenCorpus corpus() {
        return corpus;
    }

    public LmDataset train() {
        return train;
    }

    /** The held-out tail, or empty when {@code val_fraction} is 0. */
    public Optional<LmDataset> validation() {
        return Optional.ofNullable(validation);
    }

    /** One line for the log: source, tokens, split. */
    public String describe() {
        return corpus.description() + ": " + corpus.size() + " tokens, tokenizer " + tokenizer.name() + " (vocab "
                + vocabSize() + "), " + train.numWindows() + " training windows"
                + (validation == null ? ", no validation split" : ", " + validation.numWindows() + " validation windows");
    }

    @Override
    public void close() {
        tokenizer.close();
    }
}
