/// Hands out curses colour pairs on demand, one per (foreground, background) in use.
///
/// Pair 0 is the terminal default and is never redefined. When the terminal's pairs run out
/// (`COLOR_PAIRS`, capped at Int16.max for the short-based API), further combinations fall
/// back to pair 0: text stays readable, only its colour is lost.
struct ColorPairCache {
    /// By the two colours packed into an `Int`: a dictionary keyed by a struct of our own makes
    /// the runtime look for that struct's `Hashable` conformance through every conformance
    /// record of the binary the first time (a third of a millisecond of the terminal's start,
    /// before the first frame); `Int`'s was found long before.
    private var pairs: [Int: Int16] = [:]
    private var next: Int16 = 1
    private let limit: Int
    private let initPair: (Int16, Int16, Int16) -> Void

    /// `initPair(pair, foreground, background)` defines a pair (curses' `init_pair`).
    init(limit: Int, initPair: @escaping (Int16, Int16, Int16) -> Void) {
        self.limit = min(limit, Int(Int16.max))
        self.initPair = initPair
        pairs.reserveCapacity(64)  // a theme uses a few dozen; no rehashing while the first frame draws
    }

    mutating func pair(foreground: Int16, background: Int16) -> Int16 {
        if foreground == -1 && background == -1 { return 0 }
        let key = Int(foreground) << 16 | Int(UInt16(bitPattern: background))
        if let pair = pairs[key] { return pair }
        guard Int(next) < limit else { return 0 }
        let pair = next
        next += 1
        initPair(pair, foreground, background)
        pairs[key] = pair
        return pair
    }

    var count: Int { pairs.count }
}
