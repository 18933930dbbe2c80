/// Numbers that come from a server, accepted only in a sane range. Everything a server sends is
/// hostile: a token count of -1, 1e300, 12.5 or "12" is not a count, and a price of 1e300 or
/// `NaN` is not a price. Such values become absent (the field is ignored), so one odd field never
/// crashes Parley nor throws away an answer that streamed fine.
public enum WireNumber {
    /// 2^53 - 1: past it a JSON number (an IEEE double) no longer carries every integer exactly,
    /// so 2^53 + 1 would read back as 2^53 and pass for a count.
    public static let maxCount = 9_007_199_254_740_991

    /// The largest amount of money believed, in USD (a request or a price per million tokens).
    public static let maxUSD = 1_000_000.0

    /// A count (tokens, a context length): a JSON integer in 0...2^53 - 1. Strings of digits are
    /// accepted only when `acceptingStrings` (catalogues send `"8192"`; usage never does).
    public static func count(_ value: JSONValue?, acceptingStrings: Bool = false) -> Int? {
        switch value {
        case .number(let n)?:
            return count(n)
        case .string(let s)? where acceptingStrings:
            guard !s.isEmpty, s.count <= 16, s.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }), let n = Int(s) else { return nil }
            return n <= maxCount ? n : nil
        default:
            return nil
        }
    }

    /// A double that is a whole number in 0...2^53 - 1, as an `Int`.
    public static func count(_ n: Double) -> Int? {
        guard n.isFinite, n >= 0, n < 9_007_199_254_740_992.0, n.rounded(.towardZero) == n else { return nil }
        return Int(n)
    }

    /// An amount of USD (a reported cost, a price): finite, in 0...`maxUSD`.
    public static func usd(_ value: JSONValue?) -> Double? {
        guard case .number(let n)? = value else { return nil }
        return usd(n)
    }

    public static func usd(_ n: Double) -> Double? {
        n.isFinite && n >= 0 && n <= maxUSD ? n : nil
    }

    /// `a + b`, stopping at `Int.max` instead of trapping.
    public static func saturatingSum(_ a: Int, _ b: Int) -> Int {
        let (sum, overflow) = a.addingReportingOverflow(b)
        return overflow ? (a < 0 ? Int.min : Int.max) : sum
    }
}
