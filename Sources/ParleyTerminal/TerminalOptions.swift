/// How the terminal runtime sets the terminal up.
public struct TerminalOptions: Sendable, Hashable {
    /// Report the mouse wheel as `.scroll`. The terminal's own text selection then needs Shift.
    public var mouse: Bool
    /// Colours on or off; `nil`: on unless `NO_COLOR` is set to something non-empty.
    public var color: Bool?
    /// The shortest time between two frames (16 ms: ~60 frames a second while tokens stream).
    public var frameInterval: Duration
    /// Where to write the loop's `FrameStats` as JSON when it ends (benchmarks only).
    public var frameStatsPath: String?

    public init(mouse: Bool = true, color: Bool? = nil, frameInterval: Duration = .milliseconds(16),
                frameStatsPath: String? = nil) {
        self.mouse = mouse
        self.color = color
        self.frameInterval = frameInterval
        self.frameStatsPath = frameStatsPath
    }
}
