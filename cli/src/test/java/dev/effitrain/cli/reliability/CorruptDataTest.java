package dev.effitrain.cli.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Damaged data files, each behind a recipe that validates (the files exist): a token file of odd
 * length, truncated and garbled IDX files (gzipped and raw), a garbled tokenizer.json, a short
 * CIFAR-10 batch. {@code run} exits 3 naming the file and the reason, before training, no stack trace.
 */
class CorruptDataTest {
    private static final String GPT = """
            name: data
            trainer: standard
            seed: 1
            device: cpu
            output: %s
            model: { arch: gpt, layers: 1, d_model: 32, heads: 2, seq_len: 16 }
            data: { source: %s, path: %s, tokenizer: %s, val_fraction: 0.1 }
            train: { duration: 2ba, batch_size: 4 }
            """;
    private static final String VIT = """
            name: images
            trainer: standard
            seed: 1
            device: cpu
            output: %s
            model: { arch: vit, layers: 1, d_model: 32, heads: 2, image_size: %d, patch_size: 4 }
            data: { source: %s, path: %s }
            train: { duration: 2ba, batch_size: 4 }
            """;

    @TempDir
    Path dir;

    private void refused(String what, String recipeText, Path file, String reason) throws Exception {
        Path recipe = dir.resolve(what.replaceAll("\\W+", "-") + ".yaml");
        Files.writeString(recipe, recipeText);
        InProcessCli.Result validate = InProcessCli.exec("validate", recipe.toString());
        assertEquals(0, validate.code(), what + ": the recipe itself is fine\n" + validate.show());
        InProcessCli.Result r = InProcessCli.exec("run", recipe.toString());
        Truthful.assertNoStackTrace(r.err(), what);
        assertEquals(3, r.code(), what + ": " + r.show());
        Truthful.assertEveryErrorNames(r.err(), what, file.toString(), reason);
    }

    @Test
    void aTokenFileOfOddLength() throws Exception {
        Path bin = dir.resolve("train.bin");
        byte[] tokens = new byte[4001];
        new Random(3).nextBytes(tokens);
        for (int i = 1; i < tokens.length; i += 2) {
            tokens[i] = 0; // ids below 256: byte-level vocabulary
        }
        Files.write(bin, tokens);
        refused("odd .bin", GPT.formatted(dir.resolve("run"), "tokens", bin, "bytes"), bin, "odd length");
    }

    @Test
    void truncatedAndGarbledIdxFiles() throws Exception {
        Path idx = IdxFiles.write(dir.resolve("idx"), 64, 16, 5);
        Path images = idx.resolve("train-images-idx3-ubyte.gz");
        byte[] good = Files.readAllBytes(images);
        String recipe = VIT.formatted(dir.resolve("run"), 28, "idx", idx);

        Damage.truncate(images, good.length - 40);
        refused("truncated IDX gz", recipe, images, "truncated gzip stream");

        Files.write(images, good);
        Damage.flipByte(images, good.length / 2);
        refused("garbled IDX gz", recipe, images, "gzip");

        Files.write(images, gunzip(good));
        Damage.truncate(images, Damage.size(images) - 100);
        refused("truncated raw IDX", recipe, images, "truncated");

        Files.write(images, gunzip(good));
        Damage.overwrite(images, 0, new byte[] {0, 0, 9, 9});
        refused("IDX with a bad magic number", recipe, images, "magic");
    }

    @Test
    void aGarbledTokenizerFile() throws Exception {
        Path text = Files.writeString(dir.resolve("text.txt"), "hello world\n".repeat(400));
        Path tokenizer = Files.writeString(dir.resolve("tokenizer.json"), "{\"model\": {\"type\": \"BPE\", \"vocab\": [1, 2");
        refused("garbled tokenizer.json", GPT.formatted(dir.resolve("run"), "text", text, tokenizer), tokenizer,
                "tokenizer");
        Files.writeString(tokenizer, "{\"model\": {\"type\": \"BPE\", \"vocab\": {\"a\": \"zero\"}}}");
        refused("tokenizer.json with a non-numeric id", GPT.formatted(dir.resolve("run"), "text", text, tokenizer), tokenizer,
                "tokenizer");
        Files.write(tokenizer, new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1, 2});
        refused("binary tokenizer.json", GPT.formatted(dir.resolve("run"), "text", text, tokenizer), tokenizer,
                "tokenizer");
    }

    @Test
    void aShortCifarBatch() throws Exception {
        Path cifar = Files.createDirectories(dir.resolve("cifar"));
        byte[] records = new byte[3073 * 8];
        new Random(9).nextBytes(records);
        for (int i = 0; i < 8; i++) {
            records[i * 3073] = (byte) (i % 10);
        }
        Files.write(cifar.resolve("test_batch.bin"), records);
        Path batch = cifar.resolve("data_batch_1.bin");
        Files.write(batch, java.util.Arrays.copyOf(records, records.length - 1000));
        Files.writeString(cifar.resolve("batches.meta.txt"),
                String.join("\n", "airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck") + "\n",
                StandardCharsets.UTF_8);
        refused("short CIFAR batch", VIT.formatted(dir.resolve("run"), 32, "cifar10", cifar), batch, "short record");
    }

    private static byte[] gunzip(byte[] gz) throws Exception {
        try (GZIPInputStream in = new GZIPInputStream(new java.io.ByteArrayInputStream(gz))) {
            return in.readAllBytes();
        }
    }
}
