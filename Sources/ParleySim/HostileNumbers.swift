import FoundationEssentials

/// Models that send numbers no sane server would, so tests can prove Parley neither traps nor
/// believes them (docs/simulator.md, "Hostile numbers").
extension SimCatalogue {
    static let hostileNumbers: [SimModel] = [
        SimModel("retry-forever", "Always 429 asking to wait 1e300 seconds (Retry-After and retry-after-ms).",
                 script: ModelScript(behaviour: .httpError(status: 429), retryAfter: 1e300, status: 429)),
    ]
}

/// A number for a header: whole numbers that fit an `Int` as digits, anything larger as Swift
/// writes a `Double` (`1e+300`), which is what a hostile server sends and must not trap here.
enum HeaderNumber {
    static func text(_ value: Double) -> String {
        if value.isFinite, abs(value) < 9e15 { return String(Int(value)) }
        return "\(value)"
    }
}
