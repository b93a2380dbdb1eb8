package dev.effitrain.core.checkpoint;

/** Gson's parse errors without the troubleshooting URL and lenient-mode advice meant for developers. */
final class GsonMessages {

    private GsonMessages() {
    }

    static String clean(Exception e) {
        String msg = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        int see = msg.indexOf("\nSee ");
        if (see >= 0) {
            msg = msg.substring(0, see);
        }
        return msg.replace("Use JsonReader.setStrictness(Strictness.LENIENT) to accept malformed JSON at ", "at ")
                .replace("Use JsonReader.setLenient(true) to accept malformed JSON at ", "at ")
                .strip();
    }
}
