package dev.effitrain.core.data.image;

import dev.effitrain.core.EffitrainException;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * One sub-folder per class (class names = folder names, sorted), PNG/JPEG/BMP/GIF files inside,
 * decoded with javax.imageio, resized (shorter side) and centre-cropped to a square. When the root
 * holds {@code train/} plus {@code test/}, {@code val/} or {@code validation/}, those are the splits.
 */
public final class ImageFolderReader {
    static final Set<String> EXTENSIONS = Set.of("png", "jpg", "jpeg", "bmp", "gif");
    private static final List<String> EVAL_FOLDERS = List.of("test", "val", "validation");

    private ImageFolderReader() {
    }

    /**
     * @param imageSize side of the square output; 0 = the shorter side of the first image
     * @param channels  1 (grey), 3 (RGB), or 0 = grey if every training image is grey, else RGB
     */
    public static TrainTestSplit readDirectory(Path root, int imageSize, int channels) {
        if (!Files.isDirectory(root)) {
            throw EffitrainException.badInput(root + ": no such directory (looked for an image folder: one "
                    + "sub-folder of PNG/JPEG files per class)");
        }
        Path trainDir = root.resolve("train");
        Path evalDir = EVAL_FOLDERS.stream().map(root::resolve).filter(Files::isDirectory).findFirst().orElse(null);
        if (!Files.isDirectory(trainDir) || evalDir == null) {
            return new TrainTestSplit(read(root, null, imageSize, channels), null);
        }
        ImageDataset train = read(trainDir, null, imageSize, channels);
        ImageDataset test = read(evalDir, train.classNames(), train.imageSize(), train.channels());
        return new TrainTestSplit(train, test);
    }

    /**
     * All images under {@code dir}'s class folders. With {@code classNames} given (a test split), every
     * folder must be one of them and labels follow that list; folders may be missing or empty.
     */
    public static ImageDataset read(Path dir, List<String> classNames, int imageSize, int channels) {
        List<String> folders = subFolders(dir);
        if (folders.isEmpty()) {
            throw EffitrainException.badInput(dir + ": no class sub-folders (expected one folder of images per class)");
        }
        List<String> names = classNames != null ? classNames : folders;
        List<Path> files = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        for (String folder : folders) {
            int label = names.indexOf(folder);
            if (label < 0) {
                throw EffitrainException.badInput(dir.resolve(folder) + ": class '" + folder
                        + "' is not among the training classes " + names);
            }
            List<Path> images = imageFiles(dir.resolve(folder));
            if (images.isEmpty() && classNames == null) {
                throw EffitrainException.badInput(dir.resolve(folder) + ": class folder has no PNG/JPEG images");
            }
            files.addAll(images);
            images.forEach(f -> labels.add(label));
        }
        if (files.isEmpty()) {
            throw EffitrainException.badInput(dir + ": no PNG/JPEG images in its class folders");
        }
        int size = imageSize > 0 ? imageSize : shorterSide(decode(files.get(0)));
        if ((long) files.size() * 3 * size * size > ImageDataset.MAX_PIXELS) {
            throw EffitrainException.badInput(dir + ": " + files.size() + " images of " + size + "x" + size
                    + " do not fit in memory (at most " + ImageDataset.MAX_PIXELS + " pixel values)");
        }
        List<Decoded> decoded = decodeAll(files, size);
        boolean allGrey = decoded.stream().allMatch(d -> d.grey);
        int outChannels = channels > 0 ? channels : (allGrey ? 1 : 3);
        int ppi = outChannels * size * size;
        byte[] pixels = new byte[files.size() * ppi];
        for (int i = 0; i < decoded.size(); i++) {
            writeChannels(decoded.get(i).rgb, size * size, outChannels, pixels, i * ppi);
        }
        int[] y = labels.stream().mapToInt(Integer::intValue).toArray();
        return ImageDataset.ofUint8(pixels, y, outChannels, size, size, names);
    }

    /** An image decoded, resized and cropped to size×size, kept as 3 byte planes until channels are known. */
    private record Decoded(byte[] rgb, boolean grey) {
    }

    private static List<Decoded> decodeAll(List<Path> files, int size) {
        try {
            return IntStream.range(0, files.size()).parallel()
                    .mapToObj(i -> {
                        BufferedImage img = decode(files.get(i));
                        float[] planes = toPlanes(img);
                        float[] rgb = new Resampler(3, img.getHeight(), img.getWidth(), size).apply(planes);
                        byte[] bytes = new byte[rgb.length];
                        for (int k = 0; k < rgb.length; k++) {
                            bytes[k] = toByte(rgb[k]);
                        }
                        return new Decoded(bytes, img.getColorModel().getNumColorComponents() == 1);
                    })
                    .toList();
        } catch (RuntimeException e) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof EffitrainException ee) {
                    throw ee;
                }
            }
            throw e;
        }
    }

    static BufferedImage decode(Path file) {
        BufferedImage img;
        try {
            img = ImageIO.read(file.toFile());
        } catch (IOException | RuntimeException e) {
            throw EffitrainException.badInput(file + ": unreadable image (" + e.getMessage() + ")", e);
        }
        if (img == null) {
            throw EffitrainException.badInput(file + ": unreadable image (not a PNG/JPEG/BMP/GIF javax.imageio "
                    + "can decode)");
        }
        return img;
    }

    /** Three 0–255 float planes (R, G, B); a grey image gives three equal planes. */
    private static float[] toPlanes(BufferedImage img) {
        int w = img.getWidth();
        int h = img.getHeight();
        int hw = w * h;
        float[] out = new float[3 * hw];
        if (img.getColorModel().getNumColorComponents() == 1) {
            Raster r = img.getRaster();
            int[] samples = r.getSamples(0, 0, w, h, 0, (int[]) null);
            float scale = 255f / ((1 << img.getColorModel().getComponentSize(0)) - 1);
            for (int p = 0; p < hw; p++) {
                float v = samples[p] * scale;
                out[p] = v;
                out[hw + p] = v;
                out[2 * hw + p] = v;
            }
            return out;
        }
        int[] argb = img.getRGB(0, 0, w, h, null, 0, w);
        for (int p = 0; p < hw; p++) {
            out[p] = (argb[p] >> 16) & 0xff;
            out[hw + p] = (argb[p] >> 8) & 0xff;
            out[2 * hw + p] = argb[p] & 0xff;
        }
        return out;
    }

    private static void writeChannels(byte[] rgb, int hw, int channels, byte[] dst, int off) {
        if (channels == 3) {
            System.arraycopy(rgb, 0, dst, off, 3 * hw);
            return;
        }
        for (int p = 0; p < hw; p++) {
            dst[off + p] = toByte(0.299f * (rgb[p] & 0xff) + 0.587f * (rgb[hw + p] & 0xff)
                    + 0.114f * (rgb[2 * hw + p] & 0xff));
        }
    }

    private static byte toByte(float v) {
        return (byte) Math.max(0, Math.min(255, Math.round(v)));
    }

    private static int shorterSide(BufferedImage img) {
        return Math.min(img.getWidth(), img.getHeight());
    }

    private static List<String> subFolders(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(Files::isDirectory).map(p -> p.getFileName().toString())
                    .filter(n -> !n.startsWith(".")).sorted().toList();
        } catch (IOException e) {
            throw EffitrainException.badInput(dir + ": cannot list (" + e.getMessage() + ")", e);
        }
    }

    private static List<Path> imageFiles(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(Files::isRegularFile).filter(ImageFolderReader::hasImageExtension).sorted().toList();
        } catch (IOException e) {
            throw EffitrainException.badInput(dir + ": cannot list (" + e.getMessage() + ")", e);
        }
    }

    private static boolean hasImageExtension(Path p) {
        String n = p.getFileName().toString();
        int dot = n.lastIndexOf('.');
        return !n.startsWith(".") && dot > 0 && EXTENSIONS.contains(n.substring(dot + 1).toLowerCase(Locale.ROOT));
    }
}
