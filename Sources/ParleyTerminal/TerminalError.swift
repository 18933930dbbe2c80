import Glibc

/// Why the terminal runtime could not start.
public enum TerminalError: Error, CustomStringConvertible, Sendable {
    case notATerminal
    case cannotInitialise(term: String)
    case system(call: String, errno: Int32)

    public var description: String {
        switch self {
        case .notATerminal:
            return "standard input and output must be a terminal"
        case .cannotInitialise(let term):
            return "cannot initialise the terminal (TERM=\(term))"
        case .system(let call, let code):
            return "\(call) failed: \(String(cString: strerror(code)))"
        }
    }
}
