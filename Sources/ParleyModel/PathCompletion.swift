/// Completing a file path typed after `/attach `: pure, over a directory listing the runtime
/// made. The shell's way: one match is completed (a directory with its `/`), several are
/// completed to their common prefix and listed.
public enum PathCompletion {
    /// One entry of a directory.
    public struct Entry: Sendable, Hashable {
        public var name: String
        public var isDirectory: Bool

        public init(name: String, isDirectory: Bool) {
            self.name = name
            self.isDirectory = isDirectory
        }
    }

    public enum Outcome: Sendable, Hashable {
        /// Nothing in the directory starts with what was typed.
        case noMatch
        /// The path becomes `completed`; `candidates` (sorted, directories with their `/`) is
        /// empty when the match was the only one.
        case completed(String, candidates: [String])
    }

    /// Candidates listed at most in a notice.
    public static let maximumListed = 12

    /// The directory part of `typed` (up to and with its last `/`, `""` for the current
    /// directory) and the start of the name being completed.
    public static func split(_ typed: String) -> (directory: String, stem: String) {
        guard let slash = typed.lastIndex(of: "/") else { return ("", typed) }
        return (String(typed[...slash]), String(typed[typed.index(after: slash)...]))
    }

    /// What Tab does to `typed` given the entries of its directory. Hidden entries are offered
    /// only once a `.` is typed.
    public static func complete(_ typed: String, entries: [Entry]) -> Outcome {
        let (directory, stem) = split(typed)
        let matches = entries
            .filter { $0.name.hasPrefix(stem) && (stem.hasPrefix(".") || !$0.name.hasPrefix(".")) && $0.name != "." && $0.name != ".." }
            .sorted { $0.name < $1.name }
        guard let first = matches.first else { return .noMatch }
        if matches.count == 1 {
            return .completed(directory + first.name + (first.isDirectory ? "/" : ""), candidates: [])
        }
        let common = matches.dropFirst().reduce(first.name) { commonPrefix($0, $1.name) }
        return .completed(directory + common, candidates: matches.map { $0.name + ($0.isDirectory ? "/" : "") })
    }

    /// The longest common prefix of two names, by characters.
    static func commonPrefix(_ a: String, _ b: String) -> String {
        String(zip(a, b).prefix { $0 == $1 }.map(\.0))
    }

    /// The notice listing several candidates: the first `maximumListed`, then how many more.
    public static func listing(_ candidates: [String]) -> String {
        let shown = candidates.prefix(maximumListed).joined(separator: "  ")
        return candidates.count > maximumListed ? shown + "  … \(candidates.count - maximumListed) more" : shown
    }
}
