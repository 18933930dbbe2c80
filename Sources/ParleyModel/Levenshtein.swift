/// Edit distance, for "did you mean" suggestions on misspelt keys, names and model ids (the
/// config and the chat share it).
public enum Levenshtein {
    public static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)
                current[j] = min(previous[j] + 1, current[j - 1] + 1, substitution)
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }

    /// The closest candidate, if it is close enough to be a plausible typo.
    public static func nearest(to word: String, among candidates: some Collection<String>) -> String? {
        let lowered = word.lowercased()
        var best: (candidate: String, distance: Int)?
        for candidate in candidates {
            let d = distance(lowered, candidate.lowercased())
            if best == nil || d < best!.distance { best = (candidate, d) }
        }
        // A word cut short ("cheap" for "cheapest") is a likely slip even when far in edits.
        if lowered.count >= 3, let completion = candidates.first(where: { $0.lowercased().hasPrefix(lowered) }) {
            return completion
        }
        guard let best else { return nil }
        let allowed = max(2, word.count / 3)
        return best.distance <= allowed ? best.candidate : nil
    }

    /// Up to `limit` candidates, closest first: those containing the word, then by edit distance
    /// (ties alphabetically). For lists of suggestions ("did you mean a, b or c?").
    public static func closest(to word: String, among candidates: some Collection<String>, limit: Int = 3) -> [String] {
        let lowered = word.lowercased()
        let ranked = candidates.map { candidate -> (String, Int) in
            let c = candidate.lowercased()
            return (candidate, c.contains(lowered) ? -1 : distance(lowered, c))
        }.sorted { $0.1 != $1.1 ? $0.1 < $1.1 : $0.0 < $1.0 }
        return ranked.prefix(max(0, limit)).map(\.0)
    }
}
