package dev.effitrain.cli;

import picocli.CommandLine.Option;

/**
 * {@code --json}: machine-readable output on stdout. A command that says more about what it prints
 * words its own description under {@code effitrain.COMMAND.json} in {@code OptionTexts.properties}.
 */
final class JsonOption {

    @Option(names = "--json", descriptionKey = "json", description = "Print as JSON.")
    private boolean json;

    boolean on() {
        return json;
    }
}
