import ParleyModel
/// Running totals for the status bar.
public struct UsageTotals: Sendable, Hashable {
    public var tokens: Int = 0
    public var cost: Double = 0
    /// Some figure was estimated or a price was unknown, so the total is approximate.
    public var approximate: Bool = false

    public init(tokens: Int = 0, cost: Double = 0, approximate: Bool = false) {
        self.tokens = tokens
        self.cost = cost
        self.approximate = approximate
    }

    mutating func add(_ stats: AnswerStats) {
        tokens = tokens.saturatingAdd(stats.promptTokens.saturatingAdd(stats.completionTokens))
        if let c = stats.cost, LedgerCost.isPlausible(c) { cost += c } else { approximate = true }
        if stats.estimated { approximate = true }
    }
}

