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
        now.timeIntervalSince(fetchedAt) > maxAge
    }
}

extension Store {
    /// Replaces the cached catalogue of `provider` with `models` (models gone from the provider
    /// go from the cache too).
    public func saveCatalogue(_ models: [ModelInfo], provider: String, fetchedAt: Date = Date()) async throws {
        try await pool.write { db in
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
    }

    /// The cached catalogue of `provider`, or `nil` if it was never fetched.
    public func catalogue(provider: String) async throws -> CachedCatalogue? {
        let rows = try await pool.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM model_catalogue WHERE provider = ? ORDER BY model_id",
                             arguments: [provider])
                .map { (model: ModelInfo(row: $0), fetchedAt: $0["fetched_at"] as Double) }
        }
        guard !rows.isEmpty else { return nil }
        // Saved in one transaction, so all rows share the time; the oldest is the honest one anyway.
        let fetchedAt = rows.map(\.fetchedAt).min() ?? 0
        return CachedCatalogue(provider: provider, models: rows.map(\.model), fetchedAt: Date(storedValue: fetchedAt))
    }

    /// The cached catalogue entry for one model (for its prices), if any.
    public func cachedModelInfo(for model: ModelRef) async throws -> ModelInfo? {
        try await pool.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM model_catalogue WHERE provider = ? AND model_id = ?",
                             arguments: [model.provider, model.model]).map(ModelInfo.init(row:))
        }
    }
}

extension ModelInfo {
    init(row: Row) {
        self.init(id: row["model_id"], name: row["name"], contextLength: row["context_length"],
                  promptPricePerMillion: row["prompt_price_per_million"],
                  completionPricePerMillion: row["completion_price_per_million"],
                  cacheReadPricePerMillion: row["cache_read_price_per_million"],
                  cacheWritePricePerMillion: row["cache_write_price_per_million"],
                  supportsReasoning: row["supports_reasoning"] ?? false,
                  contextLengthIsTrained: row["context_is_trained"] ?? false,
                  acceptsImages: row["accepts_images"])
    }
}
