/// Arithmetic on numbers read back from the ledger, which a single absurd row must not break.
extension Int {
    /// `self + other`, held at `Int.max` / `Int.min` instead of trapping.
    public func saturatingAdd(_ other: Int) -> Int {
        let (sum, overflow) = addingReportingOverflow(other)
        guard overflow else { return sum }
        return other > 0 ? .max : .min
    }
}

/// Which recorded costs count towards spending. A negative cost must not lower the day's spend
/// and an absurd one (1e300, infinity) must not blow it up: both are treated as unknown.
public enum LedgerCost {
    /// More than any one attempt can plausibly cost, in USD.
    public static let ceiling: Double = 1_000_000

    public static func isPlausible(_ cost: Double) -> Bool {
        cost.isFinite && cost >= 0 && cost <= ceiling
    }

    /// The SQL twin of `isPlausible`, for sums computed by SQLite.
    public static let plausibleSQL = "(cost_usd >= 0 AND cost_usd <= 1000000)"
}
