public import ParleyGateway
import GRDB

extension Store: PerformanceHistory {
    /// How many recent successful attempts the statistics look at: enough to smooth noise,
    /// few enough that a model that got faster or slower shows it soon.
    public static let latencySampleSize = 50

    /// Median and p95 time to first token, and median tokens per second, over the most recent
    /// successful attempts of `model`; `nil` when there are none with a measured first token.
    public func latencyStats(for model: ModelRef) async -> LatencyStats? {
        let samples = try? await pool.read { db in try Self.latencySamples(of: model.description, in: db) }
        return samples.flatMap(Self.latencyStats(of:))
    }

    /// The statistics of every model of `models` that has any, read at once: the chat asks for
    /// the whole catalogue at start, and one read per model was forty-odd trips to the database
    /// for a new user's empty ledger (`ledger_by_model` says which models have any).
    public func latencyStats(for models: [ModelRef]) async -> [ModelRef: LatencyStats] {
        let wanted = Dictionary(models.map { ($0.description, $0) }) { first, _ in first }
        let samples = try? await pool.read { db in
            var found: [ModelRef: [LatencySample]] = [:]
            // Answered from the index alone; a model without a measured first token reads as none.
            let measured = try String.fetchAll(db, sql: "SELECT DISTINCT model FROM ledger WHERE outcome = 'ok'")
            for name in measured {
                guard let model = wanted[name] else { continue }
                found[model] = try Self.latencySamples(of: name, in: db)
            }
            return found
        }
        return (samples ?? [:]).compactMapValues(Self.latencyStats(of:))
    }

    private typealias LatencySample = (ttft: Double, duration: Double, tokens: Int)

    /// The most recent successful attempts of the model named `name` with a measured first token.
    private static func latencySamples(of name: String, in db: Database) throws -> [LatencySample] {
        try Row.fetchAll(
            db,
            sql: """
                SELECT ttft_seconds, duration_seconds, completion_tokens FROM ledger
                WHERE model = ? AND outcome = 'ok' AND ttft_seconds IS NOT NULL
                ORDER BY time DESC, id DESC LIMIT ?
                """,
            arguments: [name, latencySampleSize]
        ).map { row in (row[0], row[1], row[2]) }
    }

    private static func latencyStats(of rows: [LatencySample]) -> LatencyStats? {
        guard !rows.isEmpty else { return nil }
        let ttfts = rows.map(\.ttft).sorted()
        // Throughput only after the first token, so slow starts don't count twice.
        let rates = rows.compactMap { row -> Double? in
            let streaming = row.duration - row.ttft
            guard streaming > 0.001, row.tokens > 0 else { return nil }
            return Double(row.tokens) / streaming
        }.sorted()
        return LatencyStats(
            samples: rows.count,
            medianTimeToFirstToken: Percentile.of(ttfts, 0.5).map(Duration.storedSeconds),
            p95TimeToFirstToken: Percentile.of(ttfts, 0.95).map(Duration.storedSeconds),
            tokensPerSecond: Percentile.of(rates, 0.5))
    }
}

enum Percentile {
    /// Nearest-rank percentile of already sorted values (no interpolation: with few samples the
    /// p95 is the slowest one, which is the honest answer).
    static func of(_ sorted: [Double], _ fraction: Double) -> Double? {
        guard !sorted.isEmpty else { return nil }
        let rank = Int((fraction * Double(sorted.count)).rounded(.up))
        return sorted[min(max(rank, 1), sorted.count) - 1]
    }
}
