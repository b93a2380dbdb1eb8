package dev.effitrain.cli;

import picocli.CommandLine.IVersionProvider;

final class VersionProvider implements IVersionProvider {
    @Override
    public String[] getVersion() {
        String v = VersionProvider.class.getPackage().getImplementationVersion();
        return new String[] {"effitrain " + (v == null ? "0.1.0" : v) + " (DJL 0.36.0, libtorch 2.7.1, Java "
                + System.getProperty("java.version") + ")"};
    }
}
