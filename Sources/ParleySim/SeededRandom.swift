/// SplitMix64: tiny, fast and, above all, the same on every platform and every run, so a given
/// (model, conversation) always produces the same answer.
struct SeededRandom: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A uniformly chosen element; `Array.randomElement(using:)` is not guaranteed to be stable
    /// across standard library versions, this is.
    mutating func pick<T>(_ items: [T]) -> T {
        items[Int(next() % UInt64(items.count))]
    }

    mutating func int(in range: ClosedRange<Int>) -> Int {
        range.lowerBound + Int(next() % UInt64(range.count))
    }
}

/// FNV-1a over UTF-8: a stable hash (Swift's `Hasher` is seeded per process).
func stableHash(_ parts: [String]) -> UInt64 {
    var hash: UInt64 = 0xCBF2_9CE4_8422_2325
    for part in parts {
        for byte in part.utf8 {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01B3
        }
        hash ^= 0xFF  // separator, so ["ab","c"] and ["a","bc"] differ
        hash &*= 0x0000_0100_0000_01B3
    }
    return hash
}
