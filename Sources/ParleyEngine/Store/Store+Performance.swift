public import ParleyGateway
import GRDB

extension Store: PerformanceHistory {
    /// How many recent successful attempts the statistics look at: enough to smooth noise,
    /// few enough that a model that got faster or slower shows it soon.
    public static let latencySampleSize = 50

    /// Median and p95 time to first token, and median tokens per second, over the most recent
    /// successful attempts of `model`; `nil` when there are none with a measured first token.
    public func latencyStats(for model: ModelRef) async -> LatencyStats? {
        let rows = try? await pool.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT ttft_seconds, duration_seconds, completion_tokens FROM ledger
                    WHERE model = ? AND outcome = 'ok' AND ttft_seconds IS NOT NULL
                    ORDER BY time DESC, id DESC LIMIT ?
                    """,
                arguments: [model.description, Self.latencySampleSize]
            ).map { row -> (ttft: Double, duration: Double, tokens: Int) in
                (row["ttft_seconds"], row["duration_seconds"], row["completion_tokens"])
            }
        }
        guard let rows, !rows.isEmpty else { return nil }
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
