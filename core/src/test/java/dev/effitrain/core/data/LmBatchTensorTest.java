package dev.effitrain.core.data;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class LmBatchTensorTest {

    @Test
    void batchBecomesTwoInt32TensorsOfShapeBatchBySeqLen() {
        LmDataset ds = new LmDataset(LmDatasetTest.counting(1_000), 0, 1_000, 8);
        LmBatch batch = ds.batch(new int[] {5, 0, 3});
        try (NDManager manager = NDManager.newBaseManager()) {
            NDList xy = batch.toNDList(manager);
            NDArray x = xy.get(0);
            NDArray y = xy.get(1);
            assertEquals(new Shape(3, 8), x.getShape());
            assertEquals(new Shape(3, 8), y.getShape());
            assertEquals(DataType.INT32, x.getDataType());
            assertEquals(DataType.INT32, y.getDataType());
            assertArrayEquals(batch.inputs(), x.toIntArray());
            assertArrayEquals(x.get(":, 1:").toIntArray(), y.get(":, :-1").toIntArray(), "y is x shifted by one");

            // int32 ids work as indices for an embedding lookup and a target gather, no int64 cast needed
            NDArray table = manager.arange(1_000f * 2).reshape(1_000, 2);
            NDArray embedded = table.get(new NDIndex("{}", x));
            assertEquals(new Shape(3, 8, 2), embedded.getShape());
            assertEquals(2f * 40, embedded.getFloat(0, 0, 0));          // window 5 starts at token 40
            NDArray logits = manager.zeros(new Shape(3, 8, 1_000));
            assertEquals(new Shape(3, 8, 1), logits.gather(y.expandDims(-1), -1).getShape());
        }
    }
}
