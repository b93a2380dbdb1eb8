package dev.effitrain.core.data;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import dev.effitrain.core.config.DataConfig;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The LM loader alone, no model: batches/s and tokens/s for B=16, T=128 on Debian's fortunes.
 * Not a test (the name does not end in Test); run by hand, see bench notes in the data report:
 * {@code java -cp core/target/classes:core/target/test-classes:$(cat cp.txt) dev.effitrain.core.data.LoaderBenchmark [path]}
 */
public final class LoaderBenchmark {
    private static final int B = 16;
    private static final int T = 128;
    private static final double SECONDS = 3;

    public static void main(String[] args) throws IOException {
        String path = args.length > 0 ? args[0] : "/usr/share/games/fortunes";
        DataConfig cfg = new DataConfig("text", path, "bytes", 0.05, 0, 0, false, 0, false);
        long t0 = System.nanoTime();
        try (TextData data = TextData.open(cfg, T, 1234, null)) {
            System.out.printf("open (read + tokenize): %.0f ms  %s%n", (System.nanoTime() - t0) / 1e6, data.describe());
            try (NDManager manager = NDManager.newBaseManager()) {
                measure(data, manager);
            }
        }
    }

    private static void measure(TextData data, NDManager manager) throws IOException {
        {
            LmDataset train = data.train();
            run("text,  int[] only,       no prefetch", train, 0, null);
            run("text,  int[] + NDArrays, no prefetch", train, 0, manager);
            run("text,  int[] + NDArrays, prefetch 4 ", train, 4, manager);

            Path bin = Files.createTempFile("fortunes", ".bin");
            try {
                writeBin(data.corpus(), bin);
                TokenFileCorpus mapped = TokenFileCorpus.open(bin);
                LmDataset binTrain = new LmDataset(mapped, 0, train.end(), T);
                run(".bin,  int[] only,       no prefetch", binTrain, 0, null);
                run(".bin,  int[] + NDArrays, no prefetch", binTrain, 0, manager);
                run(".bin,  int[] + NDArrays, prefetch 4 ", binTrain, 4, manager);
            } finally {
                Files.deleteIfExists(bin);
            }
        }
    }

    private static void run(String label, LmDataset train, int prefetch, NDManager manager) {
        for (int pass = 0; pass < 2; pass++) {   // the first pass warms up the JIT
            try (TrainBatches batches = new TrainBatches(train, new BatchOrder(1234, train.numWindows(), B), prefetch)) {
                long n = 0;
                long checksum = 0;
                long start = System.nanoTime();
                long deadline = start + (long) (SECONDS * 1e9);
                while (System.nanoTime() < deadline) {
                    LmBatch batch = batches.next();
                    if (manager != null) {
                        try (NDScope scope = new NDScope()) {
                            NDList xy = batch.toNDList(manager);
                            checksum += xy.size();
                        }
                    } else {
                        checksum += batch.inputs()[0];
                    }
                    n++;
                }
                double s = (System.nanoTime() - start) / 1e9;
                if (pass == 1) {
                    System.out.printf("%s: %,10.0f batches/s  %,14.0f tokens/s  (%d batches, checksum %d)%n",
                            label, n / s, n * (double) B * T / s, n, checksum);
                }
            }
        }
    }

    private static void writeBin(TokenCorpus corpus, Path file) throws IOException {
        int[] all = new int[(int) corpus.size()];
        corpus.read(0, all);
        ByteBuffer b = ByteBuffer.allocate(all.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (int id : all) {
            b.putShort((short) id);
        }
        Files.write(file, b.array());
    }
}
