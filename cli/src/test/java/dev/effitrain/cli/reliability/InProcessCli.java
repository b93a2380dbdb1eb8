package dev.effitrain.cli.reliability;

import dev.effitrain.cli.Main;
import java.io.PrintWriter;
import java.io.StringWriter;

/** Runs a command through {@link Main#execute} in this JVM and keeps what it printed. */
final class InProcessCli {
    private InProcessCli() {
    }

    record Result(int code, String out, String err) {
        String show() {
            return "exit " + code + "\n--- stderr ---\n" + err + "--- stdout ---\n"
                    + (out.length() > 2000 ? out.substring(0, 2000) + "…" : out);
        }
    }

    static Result exec(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Result(code, out.toString(), err.toString());
    }
}
