package dev.effitrain.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "effitrain",
        description = "Train transformers with efficient recipes: write a YAML recipe, run it.",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        resourceBundle = "dev.effitrain.cli.OptionTexts",
        subcommands = {RunCommand.class, EstimateCommand.class, ValidateCommand.class, RecipesCommand.class, InspectCommand.class,
                ExpandCommand.class, EvalCommand.class, CompareCommand.class, SweepCommand.class, EnvCommand.class,
                picocli.AutoComplete.GenerateCompletion.class,
                picocli.CommandLine.HelpCommand.class})
final class RootCommand implements Runnable {

    @Option(names = {"-v", "--verbose"}, description = "Show engine (DJL) logging and stack traces.", scope = picocli.CommandLine.ScopeType.INHERIT)
    boolean verbose;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
