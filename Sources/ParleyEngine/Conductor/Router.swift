import Foundation
public import ParleyGateway

/// The order a route picked and why: what `.routed` reports.
public struct RouteDecision: Sendable, Hashable {
    public var order: [ModelRef]
    public var reason: String
}

/// The pure part of routing: orders a chain from prices or measurements. The Conductor gathers
/// the figures (they come from async sources) and calls these.
public enum Router {
    /// Cheapest first for the expected token counts; models without a known price keep their
    /// chain order after every priced one (an unknown price must not look free).
    public static func cheapest(_ chain: [ModelRef], prices: [ModelRef: ModelInfo],
                                promptTokens: Int, completionTokens: Int) -> RouteDecision {
        let priced: [(model: ModelRef, cost: Double)] = chain.compactMap { model in
            prices[model]?.cost(promptTokens: promptTokens, completionTokens: completionTokens)
                .map { (model, $0) }
        }
        // A stable sort: equal prices keep the user's order.
        let sorted = priced.enumerated()
            .sorted { ($0.element.cost, $0.offset) < ($1.element.cost, $1.offset) }
            .map(\.element)
        let unpriced = chain.filter { model in !priced.contains { $0.model == model } }
        var reason = "cheapest for ~\(promptTokens) prompt + \(completionTokens) completion tokens: "
        reason += sorted.map { "\($0.model) \(USD.format($0.cost))" }.joined(separator: ", ")
        if sorted.isEmpty { reason += "no prices known" }
        if !unpriced.isEmpty {
            reason += "; no price: " + unpriced.map(\.description).joined(separator: ", ")
        }
        return RouteDecision(order: sorted.map(\.model) + unpriced, reason: reason)
    }

    /// Fastest first by expected time to a complete answer (median first-token latency plus the
    /// expected completion at the measured rate). Models with fewer than `minimumSamples`
    /// samples go last, unless `explore` is set: then one of them (chosen by `rng`) goes first,
    /// so a model once slow or never tried gets measured again.
    public static func fastest(_ chain: [ModelRef], stats: [ModelRef: LatencyStats],
                               expectedCompletionTokens: Int, minimumSamples: Int, explore: Bool,
                               using rng: inout some RandomNumberGenerator) -> RouteDecision {
        var measured: [(model: ModelRef, expected: Double, stats: LatencyStats)] = []
        var unmeasured: [ModelRef] = []
        for model in chain {
            if let s = stats[model], s.samples >= max(minimumSamples, 1),
               let expected = expectedSeconds(s, completionTokens: expectedCompletionTokens) {
                measured.append((model, expected, s))
            } else {
                unmeasured.append(model)
            }
        }
        let sorted = measured.enumerated()
            .sorted { ($0.element.expected, $0.offset) < ($1.element.expected, $1.offset) }
            .map(\.element)
        var order = sorted.map(\.model) + unmeasured
        var reason = "fastest by measured speed: "
        reason += sorted.map { "\($0.model) ≈ \(String(format: "%.1f", $0.expected)) s" }
            .joined(separator: ", ")
        if sorted.isEmpty { reason += "nothing measured yet" }
        if !unmeasured.isEmpty {
            reason += "; unmeasured: " + unmeasured.map(\.description).joined(separator: ", ")
        }
        if explore, !unmeasured.isEmpty, !sorted.isEmpty {
            let pick = unmeasured[Int.random(in: 0..<unmeasured.count, using: &rng)]
            order.removeAll { $0 == pick }
            order.insert(pick, at: 0)
            reason = "exploring: \(pick) has too few measurements, trying it first; " + reason
        }
        return RouteDecision(order: order, reason: reason)
    }

    /// Seconds to a whole answer of `completionTokens`, or nil when nothing useful was measured.
    static func expectedSeconds(_ stats: LatencyStats, completionTokens: Int) -> Double? {
        let ttft = stats.medianTimeToFirstToken?.seconds
        let streaming = stats.tokensPerSecond.flatMap { $0 > 0 ? Double(completionTokens) / $0 : nil }
        switch (ttft, streaming) {
        case (nil, nil): return nil
        case let (t?, s?): return t + s
        case let (t?, nil): return t
        case let (nil, s?): return s
        }
    }

}
