public import Foundation
public import ParleyGateway
import GRDB

/// A provider's model list as last fetched.
public struct CachedCatalogue: Sendable, Hashable {
    public var provider: String
    public var models: [ModelInfo]
    public var fetchedAt: Date

    public init(provider: String, models: [ModelInfo], fetchedAt: Date) {
        self.provider = provider
        self.models = models
        self.fetchedAt = fetchedAt
    }

    /// Whether the list is older than `maxAge` at `now` (callers refetch in the background).
    public func isStale(maxAge: TimeInterval, now: Date = Date()) -> Bool {
        Self.isStale(fetchedAt: fetchedAt, maxAge: maxAge, now: now)
    }

    /// Whether a list fetched at `fetchedAt` is older than `maxAge` at `now`.
    public static func isStale(fetchedAt: Date, maxAge: TimeInterval, now: Date = Date()) -> Bool {
        now.timeIntervalSince(fetchedAt) > maxAge
    }
}

extension Store {
    /// Replaces the cached catalogue of `provider` with `models` (models gone from the provider
    /// go from the cache too).
    public func saveCatalogue(_ models: [ModelInfo], provider: String, fetchedAt: Date = Date()) async throws {
        try await pool.write { db in try Self.replaceCatalogue(models, provider: provider, fetchedAt: fetchedAt, in: db) }
    }

    private static func replaceCatalogue(_ models: [ModelInfo], provider: String, fetchedAt: Date, in db: Database) throws {
        try db.execute(sql: "DELETE FROM model_catalogue WHERE provider = ?", arguments: [provider])
        for model in models {
            try db.execute(
                sql: """
                    INSERT OR REPLACE INTO model_catalogue
                        (provider, model_id, name, context_length, prompt_price_per_million,
                         completion_price_per_million, fetched_at, cache_read_price_per_million,
                         cache_write_price_per_million, supports_reasoning, context_is_trained, accepts_images)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [provider, model.id, model.name, model.contextLength, model.promptPricePerMillion,
                            model.completionPricePerMillion, fetchedAt.storedValue, model.cacheReadPricePerMillion,
                            model.cacheWritePricePerMillion, model.supportsReasoning, model.contextLengthIsTrained,
                            model.acceptsImages])
        }
    }

    /// The cached catalogue of `provider`, or `nil` if it was never fetched.
    public func catalogue(provider: String) async throws -> CachedCatalogue? {
        let rows = try await pool.read { db in
            try Row.fetchAll(db, sql: "SELECT \(ModelInfo.storedColumns), fetched_at FROM model_catalogue WHERE provider = ? ORDER BY model_id",
                             arguments: [provider])
                .map { (model: ModelInfo(row: $0), fetchedAt: $0[ModelInfo.storedColumnCount] as Double) }
        }
        guard !rows.isEmpty else { return nil }
        // Saved in one transaction, so all rows share the time; the oldest is the honest one anyway.
        let fetchedAt = rows.map(\.fetchedAt).min() ?? 0
        return CachedCatalogue(provider: provider, models: rows.map(\.model), fetchedAt: Date(storedValue: fetchedAt))
    }

    /// Saves `models` as the catalogue of `provider` unless the cached one is younger than
    /// `maxAge` at `now`; true when it saved. Looked at and written in one transaction on the
    /// writer's connection (no reader is opened for it: the demo's start does this before the
    /// chat's first frame).
    @discardableResult
    public func saveCatalogue(_ models: [ModelInfo], provider: String, unlessFresherThan maxAge: TimeInterval,
                              now: Date = Date()) async throws -> Bool {
        try await pool.write { db in
            let fetchedAt = try Double.fetchOne(db, sql: "SELECT MIN(fetched_at) FROM model_catalogue WHERE provider = ?",
                                                arguments: [provider])
            if let fetchedAt, !CachedCatalogue.isStale(fetchedAt: Date(storedValue: fetchedAt), maxAge: maxAge, now: now) {
                return false
            }
            try Self.replaceCatalogue(models, provider: provider, fetchedAt: now, in: db)
            return true
        }
    }

    /// The cached catalogue entry for one model (for its prices), if any.
    public func cachedModelInfo(for model: ModelRef) async throws -> ModelInfo? {
        try await pool.read { db in
            try Row.fetchOne(db, sql: "SELECT \(ModelInfo.storedColumns) FROM model_catalogue WHERE provider = ? AND model_id = ?",
                             arguments: [model.provider, model.model]).map(ModelInfo.init(row:))
        }
    }
}

extension ModelInfo {
    /// The columns `init(row:)` reads, in its order. Read by position: GRDB finds a column by
    /// name with a case-insensitive search of the row's names, for every value of every row, a
    /// tenth of the chat's start-up when it read the demo's catalogue (docs/performance.md).
    static let storedColumns = """
        model_id, name, context_length, prompt_price_per_million, completion_price_per_million, \
        cache_read_price_per_million, cache_write_price_per_million, supports_reasoning, context_is_trained, \
        accepts_images
        """
    static let storedColumnCount = 10

    /// A row whose first columns are `storedColumns`.
    init(row: Row) {
        self.init(id: row[0], name: row[1], contextLength: row[2],
                  promptPricePerMillion: row[3],
                  completionPricePerMillion: row[4],
                  cacheReadPricePerMillion: row[5],
                  cacheWritePricePerMillion: row[6],
                  supportsReasoning: row[7] ?? false,
                  contextLengthIsTrained: row[8] ?? false,
                  acceptsImages: row[9])
    }
}
