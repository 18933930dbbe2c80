public import ParleyModel

extension UsageReport {
    /// The report as an aligned table; `~` marks token sums that include estimates and `+` cost
    /// sums that leave out attempts of unknown price, with a legend when either appears. The
    /// CACHED and REASONING columns appear once some server reported such tokens.
    public func renderTable() -> String {
        let details = total.cachedTokens > 0 || total.reasoningTokens > 0
        var header = [grouping.rawValue.uppercased(), "REQUESTS", "FAILED", "TOKENS IN", "TOKENS OUT", "COST"]
        if details {
            header.insert("CACHED", at: 4)
            header.insert("REASONING", at: 6)
        }
        func cells(_ row: UsageRow) -> [String] {
            let mark = row.includesEstimatedTokens ? "~" : ""
            var cells = [row.key, String(row.requests), String(row.failures), mark + Self.grouped(row.promptTokens),
                         mark + Self.grouped(row.completionTokens),
                         USD.format(row.costUSD) + (row.includesUnknownCost ? "+" : "")]
            if details {
                cells.insert(Self.grouped(row.cachedTokens), at: 4)
                cells.insert(Self.grouped(row.reasoningTokens), at: 6)
            }
            return cells
        }
        var out = TextTable.render(header: header, rows: rows.map(cells) + [cells(total)],
                                   rightAligned: Set(1..<header.count))
        if rows.contains(where: \.includesEstimatedTokens) || total.includesEstimatedTokens {
            out += "~ includes estimated token counts\n"
        }
        if total.includesUnknownCost {
            out += "+ some attempts have no known price; their cost is not included\n"
        }
        return out
    }

    /// `1234567` → `1,234,567`.
    static func grouped(_ value: Int) -> String {
        let digits = String(value.magnitude)
        var out = ""
        for (index, digit) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { out.append(",") }
            out.append(digit)
        }
        return (value < 0 ? "-" : "") + out
    }
}
