/// A plain-text table with aligned columns, for headless commands' stdout.
struct ColumnTable: Sendable {
    enum Alignment: Sendable { case left, right }

    var headers: [String]
    var alignments: [Alignment]
    var rows: [[String]] = []

    /// `alignments` defaults to left for every column.
    init(headers: [String], alignments: [Alignment]? = nil) {
        self.headers = headers
        self.alignments = alignments ?? Array(repeating: .left, count: headers.count)
    }

    mutating func append(_ row: [String]) {
        rows.append(row)
    }

    /// Columns separated by two spaces, no trailing spaces, one line per row, ending in a newline.
    func render() -> String {
        let all = [headers] + rows
        var widths = Array(repeating: 0, count: headers.count)
        for row in all {
            for (index, cell) in row.enumerated() where index < widths.count {
                widths[index] = max(widths[index], cell.count)
            }
        }
        var out = ""
        for row in all {
            var cells: [String] = []
            for index in widths.indices {
                let cell = index < row.count ? row[index] : ""
                let padding = String(repeating: " ", count: widths[index] - cell.count)
                let isLast = index == widths.count - 1
                switch alignments[index] {
                case .left: cells.append(isLast ? cell : cell + padding)
                case .right: cells.append(padding + cell)
                }
            }
            out += cells.joined(separator: "  ") + "\n"
        }
        return out
    }
}
