import Foundation
import Testing
@testable import ParleyEngine
import ParleyGateway

/// One absurd stored row (tokens near Int.max, a negative or 1e300 cost) must neither trap the
/// usage report on every later start nor move the day's spending.
@Suite("Store: hostile numbers in the ledger")
struct StoreHostileNumbersTests {
    @Test func tokenSumsSaturateInsteadOfTrapping() async throws {
        let temp = try TempStore()
        let day = StoreQueryTests.day("2026-03-02")
        try await temp.store.recordAttempt(StoreQueryTests.entry(.fast, at: day, prompt: .max - 10, completion: .max - 10))
        try await temp.store.recordAttempt(StoreQueryTests.entry(.fast, at: day, prompt: 100, completion: 100))
        let report = try await temp.store.usageReport(by: .model, timeZone: StoreQueryTests.zone)
        let row = try #require(report.rows.first { $0.key == ModelRef.fast.description })
        #expect(row.promptTokens == .max)
        #expect(row.completionTokens == .max)
        #expect(row.requests == 2)
    }

    @Test func negativeAndAbsurdCostsDoNotMoveTheDaysSpending() async throws {
        let temp = try TempStore()
        let now = StoreQueryTests.day("2026-03-02", hour: 15)
        let day = StoreQueryTests.day("2026-03-02", hour: 1)
        for cost in [0.5, -100, 1e300, 0.25] {
            try await temp.store.recordAttempt(StoreQueryTests.entry(.sonnet, at: day, cost: cost))
        }
        let today = try await temp.store.spendingToday(now: now, timeZone: StoreQueryTests.zone)
        #expect(abs(today.usd - 0.75) < 1e-9)
        #expect(today.attemptsWithUnknownCost == 2)
        let verdict = try await temp.store.check(BudgetGuard(dailyLimit: 1), conversationID: nil,
                                                 estimatedCost: 0.5, now: now, timeZone: StoreQueryTests.zone)
        #expect(verdict == .refused(reason: "daily budget $1.00 would be exceeded (spent $0.75 today)"))
        let report = try await temp.store.usageReport(by: .model, timeZone: StoreQueryTests.zone)
        #expect(abs((report.rows.first?.costUSD ?? 0) - 0.75) < 1e-9)
        #expect(report.rows.first?.includesUnknownCost == true)
    }
}
