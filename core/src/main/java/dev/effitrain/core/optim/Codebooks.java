package dev.effitrain.core.optim;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import java.util.HashMap;
import java.util.Map;

/** The optimizer's two maps and their {@link Codebook}s, built lazily once per device. */
final class Codebooks implements AutoCloseable {

    private final NDManager manager;
    private QuantMap signedMap;
    private QuantMap unsignedMap;
    private final Map<Device, Codebook> signedBooks = new HashMap<>();
    private final Map<Device, Codebook> unsignedBooks = new HashMap<>();

    Codebooks(NDManager manager, QuantMap signedMap, QuantMap unsignedMap) {
        this.manager = manager;
        this.signedMap = signedMap;
        this.unsignedMap = unsignedMap;
    }

    QuantMap map(boolean signed) {
        return signed ? signedMap : unsignedMap;
    }

    Codebook get(Device device, boolean signed) {
        Map<Device, Codebook> books = signed ? signedBooks : unsignedBooks;
        return books.computeIfAbsent(device, d -> new Codebook(map(signed), manager, d));
    }

    /** Replaces a map (restored from a checkpoint); tables are rebuilt on next use. */
    void replace(boolean signed, QuantMap map) {
        if (map.equals(map(signed))) {
            return;
        }
        Map<Device, Codebook> books = signed ? signedBooks : unsignedBooks;
        books.values().forEach(Codebook::close);
        books.clear();
        if (signed) {
            signedMap = map;
        } else {
            unsignedMap = map;
        }
    }

    @Override
    public void close() {
        signedBooks.values().forEach(Codebook::close);
        unsignedBooks.values().forEach(Codebook::close);
        signedBooks.clear();
        unsignedBooks.clear();
    }
}
