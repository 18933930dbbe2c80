public import Foundation

/// How `parley usage` groups the ledger.
public enum UsageGrouping: String, Sendable, Hashable, Codable, CaseIterable {
    case model, provider, day
}

/// Sums over a set of ledger rows.
public struct UsageRow: Sendable, Hashable, Codable {
    /// The model reference, provider name or local day (`yyyy-MM-dd`); `total` for the sum.
    public var key: String
    /// Attempts made (every HTTP request counts, retries and fallbacks too).
    public var requests: Int
    public var failures: Int
    public var promptTokens: Int
    public var completionTokens: Int
    /// Prompt tokens read from a cache (part of `promptTokens`), as far as servers reported them.
    public var cachedTokens: Int
    /// Completion tokens spent thinking (part of `completionTokens`), as far as servers reported them.
    public var reasoningTokens: Int
    /// USD of the attempts whose cost is known.
    public var costUSD: Double
    /// Some of the token counts are estimates.
    public var includesEstimatedTokens: Bool
    /// Some attempts had no known cost, so `costUSD` is a lower bound.
    public var includesUnknownCost: Bool

    public init(key: String, requests: Int = 0, failures: Int = 0, promptTokens: Int = 0, completionTokens: Int = 0,
                costUSD: Double = 0, includesEstimatedTokens: Bool = false, includesUnknownCost: Bool = false,
                cachedTokens: Int = 0, reasoningTokens: Int = 0) {
        self.key = key
        self.cachedTokens = cachedTokens
        self.reasoningTokens = reasoningTokens
        self.requests = requests
        self.failures = failures
        self.promptTokens = promptTokens
        self.completionTokens = completionTokens
        self.costUSD = costUSD
        self.includesEstimatedTokens = includesEstimatedTokens
        self.includesUnknownCost = includesUnknownCost
    }

    public mutating func add(_ entry: LedgerEntry) {
        requests += 1
        if entry.outcome == .failed { failures += 1 }
        // Stored rows are outside input too (an older Parley, another tool, a hostile server's
        // figures): sums saturate instead of trapping on every later start.
        promptTokens = promptTokens.saturatingAdd(entry.promptTokens)
        completionTokens = completionTokens.saturatingAdd(entry.completionTokens)
        cachedTokens = cachedTokens.saturatingAdd(entry.cachedTokens ?? 0)
        reasoningTokens = reasoningTokens.saturatingAdd(entry.reasoningTokens ?? 0)
        if entry.tokensEstimated { includesEstimatedTokens = true }
        if let cost = entry.costUSD, LedgerCost.isPlausible(cost) { costUSD += cost } else { includesUnknownCost = true }
    }
}

/// What `parley usage` prints.
public struct UsageReport: Sendable, Hashable, Codable {
    public var grouping: UsageGrouping
    public var since: Date?
    public var rows: [UsageRow]
    public var total: UsageRow

    /// Groups `entries` by `grouping`. Days are local days of `timeZone`. Days sort in order;
    /// models and providers by cost, most expensive first, then by name.
    public static func aggregate(_ entries: [LedgerEntry], by grouping: UsageGrouping, since: Date? = nil,
                                 timeZone: LocalZone = .system) -> UsageReport
    {
        var groups: [String: UsageRow] = [:]
        var total = UsageRow(key: "total")
        for entry in entries {
            let key: String
            switch grouping {
            // Rows written before the gateway cleaned served ids may hold escapes: clean on the
            // way out too, for the table and for `--json`.
            case .model: key = TextSanitizer().cleanIdentifier(entry.model.description)
            case .provider: key = TextSanitizer().cleanIdentifier(entry.model.provider)
            case .day: key = timeZone.dayStamp(entry.time)
            }
            groups[key, default: UsageRow(key: key)].add(entry)
            total.add(entry)
        }
        let rows = groups.values.sorted { a, b in
            if grouping == .day || a.costUSD == b.costUSD { return a.key < b.key }
            return a.costUSD > b.costUSD
        }
        return UsageReport(grouping: grouping, since: since, rows: rows, total: total)
    }

    /// The start of the local day written `yyyy-MM-dd`, or `nil` if it is not such a date.
    public static func parseDay(_ text: String, timeZone: LocalZone = .system) -> Date? {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              parts.allSatisfy({ $0.utf8.allSatisfy { (0x30...0x39).contains($0) } }),
              let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]) else { return nil }
        // Rejects the dates a lenient calendar would roll over (2025-02-30 → March 2).
        return timeZone.startOfDay(year: year, month: month, day: day)
    }
}
