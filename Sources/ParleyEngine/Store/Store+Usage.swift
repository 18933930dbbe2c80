public import Foundation

extension Store {
    /// Usage from the ledger, grouped, from the start of `since` on (all time when `nil`).
    /// Days are local days of `timeZone`.
    public func usageReport(by grouping: UsageGrouping, since: Date? = nil, timeZone: LocalZone = .system)
        async throws -> UsageReport
    {
        UsageReport.aggregate(try await ledger(since: since), by: grouping, since: since, timeZone: timeZone)
    }
}
