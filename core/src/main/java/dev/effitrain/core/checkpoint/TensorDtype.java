package dev.effitrain.core.checkpoint;

import ai.djl.ndarray.types.DataType;
import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The element types of the safetensors format. Declared in the official crate's order (increasing
 * alignment), which the writer uses to place wide types first so every tensor starts at a multiple
 * of its element size. Types DJL's PyTorch engine cannot hold ({@code BF16}, 16/32/64-bit unsigned,
 * fp8) can be described by a header but not loaded.
 */
public enum TensorDtype {
    BOOL(1, DataType.BOOLEAN),
    U8(1, DataType.UINT8),
    I8(1, DataType.INT8),
    F8_E5M2(1, null),
    F8_E4M3(1, null),
    I16(2, null),
    U16(2, null),
    F16(2, DataType.FLOAT16),
    BF16(2, null),
    I32(4, DataType.INT32),
    U32(4, null),
    F32(4, DataType.FLOAT32),
    F64(8, DataType.FLOAT64),
    I64(8, DataType.INT64),
    U64(8, null);

    private final int size;
    private final DataType djlType;

    TensorDtype(int size, DataType djlType) {
        this.size = size;
        this.djlType = djlType;
    }

    /** Bytes per element. */
    public int size() {
        return size;
    }

    /** Whether effitrain can turn tensors of this type into NDArrays. */
    public boolean loadable() {
        return djlType != null;
    }

    /** The DJL type; only for {@link #loadable()} types. */
    public DataType djlType() {
        if (djlType == null) {
            throw new IllegalStateException(name() + " has no DJL data type");
        }
        return djlType;
    }

    /** The safetensors type of a DJL array, or empty when the format or effitrain cannot store it. */
    public static Optional<TensorDtype> of(DataType type) {
        return Arrays.stream(values()).filter(d -> d.djlType == type).findFirst();
    }

    /** The type named in a header ({@code "F32"}), or empty for a name the format does not define. */
    public static Optional<TensorDtype> parse(String name) {
        return Arrays.stream(values()).filter(d -> d.name().equals(name)).findFirst();
    }

    /** Why a tensor of this type cannot be loaded, for error messages. */
    String unsupportedReason() {
        String hint = this == BF16
                ? "DJL's PyTorch engine has no bfloat16 (it aborts the JVM); convert the file to F32 or F16"
                : "DJL's PyTorch engine cannot hold it";
        return "dtype " + name() + " is not supported (" + hint + "; supported: " + loadableNames() + ")";
    }

    static String loadableNames() {
        return Arrays.stream(values()).filter(TensorDtype::loadable).map(Enum::name)
                .collect(Collectors.joining(" "));
    }
}
