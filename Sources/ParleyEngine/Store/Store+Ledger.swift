public import Foundation
import ParleyGateway
import GRDB

/// Money spent over some span, from the ledger.
public struct Spending: Sendable, Hashable, Codable {
    /// USD of the attempts whose cost is known.
    public var usd: Double
    /// Attempts whose cost is unknown (no price anywhere); `usd` leaves them out.
    public var attemptsWithUnknownCost: Int

    public init(usd: Double, attemptsWithUnknownCost: Int) {
        self.usd = usd
        self.attemptsWithUnknownCost = attemptsWithUnknownCost
    }
}

extension Store {
    /// Records one attempt on its own. Nothing in Parley's turns calls it: `TurnRecorder` writes
    /// its ledger rows with `Store.insert(_:in:)` inside the transaction that saves the message
    /// they belong to. Kept public for tests and tools that fill a ledger directly.
    @discardableResult
    public func recordAttempt(_ entry: LedgerEntry) async throws -> Int64 {
        try await pool.write { db in try Self.insert(entry, in: db) }
    }

    /// Ledger rows, oldest first, optionally from `since` on.
    public func ledger(since: Date? = nil, conversationID: String? = nil) async throws -> [LedgerEntry] {
        try await pool.read { db in
            var conditions: [String] = []
            var arguments: StatementArguments = []
            if let since {
                conditions.append("time >= ?")
                arguments += [since.storedValue]
            }
            if let conversationID {
                conditions.append("conversation_id = ?")
                arguments += [conversationID]
            }
            let filter = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
            return try Row.fetchAll(db, sql: "SELECT * FROM ledger \(filter) ORDER BY time, id", arguments: arguments)
                .map(LedgerEntry.init(row:))
        }
    }

    // MARK: Spending, for the budget guard and the status line

    public func spending(since start: Date) async throws -> Spending {
        try await spending(where: "time >= ?", [start.storedValue])
    }

    /// Spending since the start of the local day that contains `now`.
    public func spendingToday(now: Date = Date(), timeZone: LocalZone = .system) async throws -> Spending {
        try await spending(since: timeZone.startOfDay(containing: now))
    }

    public func spending(inConversation conversationID: String) async throws -> Spending {
        try await spending(where: "conversation_id = ?", [conversationID])
    }

    private func spending(where condition: String, _ arguments: StatementArguments) async throws -> Spending {
        try await pool.read { db in
            let row = try Row.fetchOne(
                db,
                sql: """
                    SELECT COALESCE(SUM(CASE WHEN \(LedgerCost.plausibleSQL) THEN cost_usd END), 0) AS usd,
                           COALESCE(SUM(cost_usd IS NULL OR NOT \(LedgerCost.plausibleSQL)), 0) AS unknown
                    FROM ledger WHERE \(condition)
                    """,
                arguments: arguments)
            return Spending(usd: row?["usd"] ?? 0, attemptsWithUnknownCost: row?["unknown"] ?? 0)
        }
    }

    static func insert(_ entry: LedgerEntry, in db: Database) throws -> Int64 {
        try db.execute(
            sql: """
                INSERT INTO ledger (time, conversation_id, request_id, lane, attempt, model, provider, route,
                                    prompt_tokens, completion_tokens, tokens_estimated, cost_usd,
                                    ttft_seconds, duration_seconds, outcome, error_kind, http_status, message_id,
                                    cached_tokens, cache_write_tokens, reasoning_tokens, ttfa_seconds)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [entry.time.storedValue, entry.conversationID, entry.requestID?.uuidString.lowercased(),
                        entry.lane, entry.attempt, entry.model.description, entry.model.provider, entry.route?.description,
                        entry.promptTokens, entry.completionTokens, entry.tokensEstimated, entry.costUSD,
                        entry.timeToFirstToken?.seconds, entry.duration.seconds, entry.outcome.rawValue,
                        entry.errorKind, entry.httpStatus, entry.messageID, entry.cachedTokens,
                        entry.cacheWriteTokens, entry.reasoningTokens, entry.timeToFirstAnswer?.seconds])
        return db.lastInsertedRowID
    }
}

extension LedgerEntry {
    init(row: Row) {
        let modelText: String = row["model"]
        let provider: String = row["provider"]
        let requestText: String? = row["request_id"]
        let ttft: Double? = row["ttft_seconds"]
        let ttfa: Double? = row["ttfa_seconds"]
        let outcomeText: String = row["outcome"]
        let routeText: String? = row["route"]
        self.init(
            id: row["id"], time: Date(storedValue: row["time"]), conversationID: row["conversation_id"],
            requestID: requestText.flatMap(UUID.init(uuidString:)), lane: row["lane"], attempt: row["attempt"],
            model: ModelRef(storedReference: modelText) ?? ModelRef(provider: provider, model: modelText),
            route: routeText.flatMap(Route.init(argument:)), promptTokens: row["prompt_tokens"], completionTokens: row["completion_tokens"],
            tokensEstimated: row["tokens_estimated"], costUSD: row["cost_usd"],
            timeToFirstToken: ttft.map(Duration.storedSeconds), duration: .storedSeconds(row["duration_seconds"]),
            outcome: AttemptOutcome(rawValue: outcomeText) ?? .failed, errorKind: row["error_kind"],
            httpStatus: row["http_status"], messageID: row["message_id"], cachedTokens: row["cached_tokens"],
            cacheWriteTokens: row["cache_write_tokens"], reasoningTokens: row["reasoning_tokens"],
            timeToFirstAnswer: ttfa.map(Duration.storedSeconds))
    }
}

extension Duration {
    /// A duration read back from the seconds the ledger stores, to the microsecond: what was
    /// written as 0.3 s reads back as exactly 300 ms, not 0.2999999... s.
    static func storedSeconds(_ seconds: Double) -> Duration {
        // A corrupt or hostile row (1e300, NaN) must not trap every later `parley usage`.
        .saturatingSeconds(seconds)
    }
}
