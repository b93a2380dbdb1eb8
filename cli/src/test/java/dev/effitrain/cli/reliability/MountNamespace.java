package dev.effitrain.cli.reliability;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Real "disk full" and "read-only file system" for one process, without privileges on the host: a
 * user + mount namespace ({@code unshare -Urm}) in which the process mounts a small tmpfs, or
 * remounts a directory read-only. Root is not stopped by file modes, but it is by these (ENOSPC,
 * EROFS). Where unprivileged namespaces are off, the tests that need them are skipped, saying so.
 */
final class MountNamespace {
    /** The wrapper's own exit code when it could not set the mount up. */
    static final int SETUP_FAILED = 97;
    private static Boolean available;

    private MountNamespace() {
    }

    static synchronized boolean available() {
        if (available == null) {
            try {
                Process p = new ProcessBuilder("unshare", "-Urm", "sh", "-c",
                        "d=$(mktemp -d) && mount -t tmpfs -o size=64k tmpfs \"$d\" && umount \"$d\"; r=$?; rmdir \"$d\"; exit $r")
                        .redirectErrorStream(true).start();
                p.getInputStream().readAllBytes();
                available = p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
            } catch (Exception e) {
                available = false;
            }
        }
        return available;
    }

    static final String WHY_NOT = "needs unprivileged user namespaces (unshare -Urm) to mount a small tmpfs or a "
            + "read-only bind mount; as root, chmod would not stop the writes";

    /**
     * Runs the command with a tmpfs of {@code size} (e.g. {@code 1m}) mounted on {@code mountPoint};
     * when it exits, what it wrote there is copied to {@code copyTo} (the tmpfs dies with the namespace).
     */
    static List<String> withTmpfs(Path mountPoint, String size, Path copyTo) {
        return List.of("unshare", "-Urm", "sh", "-c",
                "m=$1; s=$2; c=$3; shift 3; mount -t tmpfs -o size=$s tmpfs \"$m\" || exit " + SETUP_FAILED
                        + "; \"$@\"; rc=$?; cp -a \"$m\"/. \"$c\"/; exit $rc",
                "sh", mountPoint.toString(), size, copyTo.toString());
    }

    /** Runs the command with {@code dir} bind-mounted read-only onto itself. */
    static List<String> withReadOnly(Path dir) {
        return List.of("unshare", "-Urm", "sh", "-c",
                "mount --bind \"$1\" \"$1\" && mount -o remount,bind,ro \"$1\" || exit " + SETUP_FAILED
                        + "; d=$1; shift; exec \"$@\"",
                "sh", dir.toString());
    }
}
