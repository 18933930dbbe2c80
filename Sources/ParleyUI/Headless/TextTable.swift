/// Plain aligned columns for headless output (no colour, no box drawing: scripts read it too):
/// every table Parley prints (models, history, usage, comparisons). Columns are two spaces
/// apart and measured in terminal cells (`DisplayWidth`), so a CJK title or an emoji in a model
/// name keeps the columns after it straight; the last column is not padded, and a row shorter
/// than the header leaves its missing cells empty.
public enum TextTable {
    public static func render(header: [String], rows: [[String]], rightAligned: Set<Int> = []) -> String {
        let all = [header] + rows
        let widths = header.indices.map { column in
            all.map { column < $0.count ? DisplayWidth.of($0[column]) : 0 }.max() ?? 0
        }
        return all.map { row in
            widths.indices.map { column in
                let cell = column < row.count ? row[column] : ""
                let pad = String(repeating: " ", count: max(0, widths[column] - DisplayWidth.of(cell)))
                if rightAligned.contains(column) { return pad + cell }
                return column == widths.count - 1 ? cell : cell + pad
            }.joined(separator: "  ")
        }.joined(separator: "\n") + "\n"
    }
}
