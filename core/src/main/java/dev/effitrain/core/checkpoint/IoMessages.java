package dev.effitrain.core.checkpoint;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

/** Turns Java's I/O exceptions into the short reason a user reads ("No space left on device"). */
final class IoMessages {

    private IoMessages() {
    }

    /** The path the failure is about: the one the exception names, else {@code fallback}. */
    static String where(java.nio.file.Path fallback, IOException e) {
        if (e instanceof FileSystemException fse && fse.getFile() != null) {
            return fse.getFile();
        }
        return String.valueOf(fallback);
    }

    static String reason(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "no such file or directory";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof NotDirectoryException) {
            return "not a directory";
        }
        if (e instanceof FileAlreadyExistsException) {
            return "a file is in the way";
        }
        if (e instanceof DirectoryNotEmptyException) {
            return "directory not empty";
        }
        if (e instanceof FileSystemException fse && fse.getReason() != null) {
            return fse.getReason();
        }
        String msg = e.getMessage();
        return msg == null ? e.getClass().getSimpleName() : msg;
    }
}
