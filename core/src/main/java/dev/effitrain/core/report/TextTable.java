package dev.effitrain.core.report;

import java.util.ArrayList;
import java.util.List;

/** A table of strings rendered as aligned plain text or as a markdown table. */
public final class TextTable {

    public enum Align { LEFT, RIGHT }

    private final List<String> header;
    private final List<Align> align;
    private final List<List<String>> rows = new ArrayList<>();

    public TextTable(List<String> header, List<Align> align) {
        if (header.size() != align.size()) {
            throw new IllegalArgumentException("header and alignment differ in length");
        }
        this.header = List.copyOf(header);
        this.align = List.copyOf(align);
    }

    public TextTable addRow(List<String> cells) {
        if (cells.size() != header.size()) {
            throw new IllegalArgumentException("row has " + cells.size() + " cells, header " + header.size());
        }
        rows.add(List.copyOf(cells));
        return this;
    }

    /** Columns padded to their widest cell, two spaces apart, a dashed rule under the header. */
    public String toTerminal() {
        int[] width = new int[header.size()];
        for (int c = 0; c < width.length; c++) {
            width[c] = header.get(c).length();
            for (List<String> r : rows) {
                width[c] = Math.max(width[c], r.get(c).length());
            }
        }
        StringBuilder sb = new StringBuilder();
        appendLine(sb, header, width);
        List<String> rule = new ArrayList<>();
        for (int w : width) {
            rule.add("-".repeat(w));
        }
        appendLine(sb, rule, width);
        rows.forEach(r -> appendLine(sb, r, width));
        return sb.toString();
    }

    public String toMarkdown() {
        StringBuilder sb = new StringBuilder();
        appendMarkdownLine(sb, header);
        sb.append('|');
        for (Align a : align) {
            sb.append(a == Align.RIGHT ? "---:|" : "---|");
        }
        sb.append('\n');
        rows.forEach(r -> appendMarkdownLine(sb, r));
        return sb.toString();
    }

    private void appendLine(StringBuilder sb, List<String> cells, int[] width) {
        StringBuilder line = new StringBuilder();
        for (int c = 0; c < cells.size(); c++) {
            if (c > 0) {
                line.append("  ");
            }
            String cell = cells.get(c);
            String pad = " ".repeat(width[c] - cell.length());
            line.append(align.get(c) == Align.RIGHT ? pad + cell : cell + pad);
        }
        sb.append(line.toString().stripTrailing()).append('\n');
    }

    private static void appendMarkdownLine(StringBuilder sb, List<String> cells) {
        sb.append('|');
        for (String cell : cells) {
            sb.append(' ').append(cell.replace("|", "\\|")).append(" |");
        }
        sb.append('\n');
    }
}
