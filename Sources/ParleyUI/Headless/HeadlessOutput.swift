/// Where a headless command writes: answers to `out` (stdout), everything else to `err`
/// (stderr). The executable passes its console; tests pass a recorder.
public struct HeadlessOutput: Sendable {
    public var out: @Sendable (String) -> Void
    public var err: @Sendable (String) -> Void
    /// Whether stdout / stderr is a terminal: model text is then made visible, never executed.
    public var stdoutIsTerminal: Bool
    public var stderrIsTerminal: Bool

    public init(out: @escaping @Sendable (String) -> Void, err: @escaping @Sendable (String) -> Void,
                stdoutIsTerminal: Bool, stderrIsTerminal: Bool) {
        self.out = out
        self.err = err
        self.stdoutIsTerminal = stdoutIsTerminal
        self.stderrIsTerminal = stderrIsTerminal
    }

    /// One line on stderr, prefixed `parley: `.
    public func error(_ text: String) {
        err("parley: \(text)\n")
    }
}

/// How a headless turn ended, for the exit status.
public enum HeadlessOutcome: Sendable, Hashable {
    case answered
    case everyModelFailed
    case interrupted
}
