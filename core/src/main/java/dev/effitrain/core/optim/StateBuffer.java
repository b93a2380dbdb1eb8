package dev.effitrain.core.optim;

import ai.djl.ndarray.NDArray;
import java.util.Map;

/**
 * Storage of one optimizer state tensor (say Adam's first moment) of one parameter. The update
 * rule only ever sees fp32 values: {@link #read} hands out a flat fp32 range, the rule updates it
 * in place, {@link #write} stores it back. fp32 storage hands out a live view (write is a no-op);
 * 8-bit storage decodes a copy and re-quantizes it on write. This is the only difference between
 * an optimizer and its 8-bit twin.
 */
interface StateBuffer extends AutoCloseable {

    /** fp32 values of the flat elements {@code [from, to)}; the caller may modify them in place. */
    NDArray read(long from, long to);

    /** Stores {@code values} (returned by {@code read(from, to)} and updated) back; may overwrite them. */
    void write(long from, long to, NDArray values);

    /** The whole state as a new fp32 array in the parameter's shape. */
    NDArray toFloat();

    /** Checkpoint tensors, named {@code prefix + suffix} (the live arrays, not copies). */
    Map<String, NDArray> tensors(String prefix);

    /** Copies the tensors saved by {@link #tensors} back in; throws a bad-input error when one is missing or does not fit. */
    void load(Map<String, NDArray> saved, String prefix);

    /** Bytes this state occupies. */
    long bytes();

    @Override
    void close();
}
