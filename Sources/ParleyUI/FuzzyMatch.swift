/// Subsequence matching with scores in the manner of fzf: every query character must appear in
/// order; contiguous runs, word starts and a match at the very beginning score higher, and gaps
/// cost a little, so `gpt4` ranks `openai/gpt-4o` above `google/gemma-4-pt`.
public enum FuzzyMatch {
    public struct Result: Sendable, Hashable {
        public var score: Int
        /// Character offsets of the matched characters in the candidate, for highlighting.
        public var positions: [Int]
    }

    static let matchScore = 16
    static let consecutiveBonus = 14
    static let wordStartBonus = 10
    static let firstCharacterBonus = 8
    static let gapPenalty = 1

    /// The best match of `query` in `candidate` (case-insensitive), or nil if it is not a
    /// subsequence. An empty query matches everything with score 0.
    public static func match(_ query: String, in candidate: String) -> Result? {
        let q = Array(query.lowercased().filter { $0 != " " })
        guard !q.isEmpty else { return Result(score: 0, positions: []) }
        let original = Array(candidate)
        let c = original.map { Character($0.lowercased()) }
        guard q.count <= c.count else { return nil }

        // Bonus for starting a word at each position.
        let bonus: [Int] = c.indices.map { j in
            if j == 0 { return wordStartBonus + firstCharacterBonus }
            let previous = original[j - 1]
            if "/:-_. ".contains(previous) { return wordStartBonus }
            if previous.isLowercase && original[j].isUppercase { return wordStartBonus }
            if previous.isLetter && original[j].isNumber { return wordStartBonus / 2 }
            return 0
        }

        // best[i][j]: best score with q[i] matched at c[j]; from[i][j]: where q[i-1] matched.
        let none = Int.min / 2
        var best = Array(repeating: Array(repeating: none, count: c.count), count: q.count)
        var from = Array(repeating: Array(repeating: -1, count: c.count), count: q.count)
        for j in c.indices where c[j] == q[0] {
            best[0][j] = matchScore + bonus[j] - min(j, 10) * gapPenalty
        }
        if q.count > 1 {
            for i in 1..<q.count {
                for j in i..<c.count where c[j] == q[i] {
                    var top = none, arg = -1
                    for k in (i - 1)..<j where best[i - 1][k] > none {
                        let step = k == j - 1 ? consecutiveBonus : -(j - k - 1) * gapPenalty
                        let score = best[i - 1][k] + step
                        if score > top { top = score; arg = k }
                    }
                    if arg >= 0 {
                        best[i][j] = top + matchScore + bonus[j]
                        from[i][j] = arg
                    }
                }
            }
        }
        let last = q.count - 1
        guard let end = c.indices.filter({ best[last][$0] > none }).max(by: { best[last][$0] < best[last][$1] }) else {
            return nil
        }
        var positions = [end]
        var j = end
        for i in stride(from: last, to: 0, by: -1) {
            j = from[i][j]
            positions.insert(j, at: 0)
        }
        // Shorter candidates win ties: an exact-ish match beats a long one.
        return Result(score: best[last][end] - c.count / 8, positions: positions)
    }
}
