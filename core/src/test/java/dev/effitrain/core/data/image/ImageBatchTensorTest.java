package dev.effitrain.core.data.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.Device;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

class ImageBatchTensorTest {
    @Test
    void batchBecomesFloatImagesAndIntLabelsOnTheGivenManager() {
        ImageDataset ds = SyntheticImages.generate(0, 20, 8, 3, 1);
        Normalization norm = Normalization.compute(ds);
        try (NDManager manager = NDManager.newBaseManager(Device.cpu());
             TrainBatches loader = new TrainBatches(ds, 6, 0, norm, new Augmentation(2, true), 1,
                     LoaderPosition.start())) {
            ImageBatch batch = loader.next();
            NDList list = batch.toNDList(manager);
            assertEquals(new Shape(6, 3, 8, 8), list.get(0).getShape());
            assertEquals(DataType.FLOAT32, list.get(0).getDataType());
            assertEquals(new Shape(6), list.get(1).getShape());
            assertEquals(DataType.INT32, list.get(1).getDataType());
            assertArrayEquals(batch.images(), list.get(0).toFloatArray());
            assertArrayEquals(batch.labels(), list.get(1).toIntArray());
            assertEquals(manager, list.get(0).getManager());
        }
    }
}
