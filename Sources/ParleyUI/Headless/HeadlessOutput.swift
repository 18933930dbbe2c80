/// Where a headless command writes: answers to `out` (stdout), everything else to `err`
/// (stderr). The executable passes its console; tests pass a recorder.
public struct HeadlessOutput: Sendable {
    public var out: @Sendable (String) -> Void
    public var err: @Sendable (String) -> Void
    /// Answer text as it streams: the console gathers it into few writes (`Console.outStreaming`);
    /// `flush` writes what is gathered. By default the same as `out`, and nothing to flush.
    public var streamOut: @Sendable (String) -> Void
    public var flush: @Sendable () -> Void
    /// Whether stdout / stderr is a terminal: model text is then made visible, never executed.
    public var stdoutIsTerminal: Bool
    public var stderrIsTerminal: Bool

    public init(out: @escaping @Sendable (String) -> Void, err: @escaping @Sendable (String) -> Void,
                stdoutIsTerminal: Bool, stderrIsTerminal: Bool,
                streamOut: (@Sendable (String) -> Void)? = nil, flush: @escaping @Sendable () -> Void = {}) {
        self.out = out
        self.err = err
        self.streamOut = streamOut ?? out
        self.flush = flush
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
