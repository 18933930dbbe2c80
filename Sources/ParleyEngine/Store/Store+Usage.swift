public import Foundation

extension Store {
    /// Usage from the ledger, grouped, from the start of `since` on (all time when `nil`).
    public func usageReport(by grouping: UsageGrouping, since: Date? = nil, calendar: Calendar = .current)
        async throws -> UsageReport
    {
        UsageReport.aggregate(try await ledger(since: since), by: grouping, since: since, calendar: calendar)
    }
}
