import Foundation
import ParleyModel

/// Numbers as the views print them: short, and the same everywhere.
enum Format {
    /// `950`, `1.2k`, `3.4M`.
    static func tokens(_ n: Int) -> String {
        if n < 1000 { return "\(n)" }
        if n < 1_000_000 { return trimmed(Double(n) / 1000) + "k" }
        return trimmed(Double(n) / 1_000_000) + "M"
    }

    /// US dollars, by the one rule of `USD.format`.
    static func cost(_ usd: Double) -> String { USD.format(usd) }

    /// Price per million tokens: `$3`, `$0.15`, `free`.
    static func pricePerMillion(_ usd: Double) -> String {
        if usd == 0 { return "free" }
        if usd >= 10 { return String(format: "$%.0f", usd) }
        return "$" + trimmed(usd, digits: usd < 0.1 ? 3 : 2)
    }

    /// `0.4 s`, `12 s`, `2m05s`.
    static func duration(_ d: Duration) -> String {
        let s = d.seconds
        if s < 10 { return String(format: "%.1f s", s) }
        if s < 120 { return String(format: "%.0f s", s) }
        return String(format: "%dm%02ds", Int(s) / 60, Int(s) % 60)
    }

    /// Context length in thousands as catalogues quote it: `8k`, `128k`, `200k`, `1M`.
    static func context(_ n: Int) -> String {
        if n < 1000 { return "\(n)" }
        if n < 1_000_000 { return "\((n + 500) / 1000)k" }
        return trimmed(Double(n) / 1_000_000, digits: 1) + "M"
    }

    private static func trimmed(_ value: Double, digits: Int = 1) -> String {
        var text = String(format: "%.\(digits)f", value)
        while text.contains("."), text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text
    }
}
