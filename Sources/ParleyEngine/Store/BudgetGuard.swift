public import Foundation

/// Spending limits the user set. The guard only answers; callers decide whether to refuse the
/// request or ask for confirmation.
public struct BudgetGuard: Sendable, Hashable, Codable {
    /// USD per local day; `nil` for no limit.
    public var dailyLimit: Double?
    /// USD per conversation; `nil` for no limit.
    public var perConversationLimit: Double?

    public init(dailyLimit: Double? = nil, perConversationLimit: Double? = nil) {
        self.dailyLimit = dailyLimit
        self.perConversationLimit = perConversationLimit
    }

    public enum Verdict: Sendable, Hashable {
        case allowed
        /// `reason` is one line for the user, e.g.
        /// `daily budget $1.00 would be exceeded (spent $0.98 today)`.
        case refused(reason: String)

        public var isAllowed: Bool { self == .allowed }
    }

    /// Whether a request expected to cost `estimatedCost` (USD; 0 when unknown) fits the limits,
    /// given what was spent. The daily limit is checked first: it is the one users set to
    /// protect their wallet.
    public func check(spentToday: Double, spentInConversation: Double, estimatedCost: Double = 0) -> Verdict {
        let cost = max(0, estimatedCost)
        if let limit = dailyLimit, spentToday + cost > limit || spentToday >= limit {
            return .refused(reason: "daily budget \(USD.format(limit)) would be exceeded (spent \(USD.format(spentToday)) today)")
        }
        if let limit = perConversationLimit, spentInConversation + cost > limit || spentInConversation >= limit {
            return .refused(reason:
                "conversation budget \(USD.format(limit)) would be exceeded (spent \(USD.format(spentInConversation)) in this conversation)")
        }
        return .allowed
    }
}

extension Store {
    /// Checks `budget` against the ledger: today's spending (local day of `now`) and the
    /// conversation's. Unknown costs count as zero, since there is nothing better to add.
    public func check(_ budget: BudgetGuard, conversationID: String?, estimatedCost: Double = 0,
                      now: Date = Date(), timeZone: LocalZone = .system) async throws -> BudgetGuard.Verdict
    {
        let today = budget.dailyLimit == nil ? 0 : try await spendingToday(now: now, timeZone: timeZone).usd
        var inConversation = 0.0
        if budget.perConversationLimit != nil, let conversationID {
            inConversation = try await spending(inConversation: conversationID).usd
        }
        return budget.check(spentToday: today, spentInConversation: inConversation, estimatedCost: estimatedCost)
    }
}
