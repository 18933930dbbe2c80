/// Decides when to draw, so a model streaming tokens costs at most ~60 frames a second and an
/// idle screen costs none.
///
/// Every reduced action marks the screen dirty. A dirty screen is drawn at once if the last
/// frame is at least `interval` old; otherwise the frame is due at `lastFrame + interval` and
/// the loop sleeps no longer than that. A clean screen is never redrawn, and the loop then
/// sleeps without a timeout. Input is drawn at once (`drawNow`), outside this pacing. Times
/// are `Duration`s since an arbitrary origin, so tests drive it with a fake clock.
struct FramePacer: Sendable, Hashable {
    var interval: Duration = .milliseconds(16)
    private(set) var dirty = false
    private(set) var lastFrame: Duration?

    init(interval: Duration = .milliseconds(16)) {
        self.interval = interval
    }

    mutating func markDirty() { dirty = true }

    /// Whether to draw now; if so, records `now` as the time of the frame.
    mutating func shouldDraw(at now: Duration) -> Bool {
        guard dirty else { return false }
        if let lastFrame, now - lastFrame < interval { return false }
        dirty = false
        lastFrame = now
        return true
    }

    /// Records a frame drawn now whatever the interval (the loop draws input at once); the
    /// next paced frame is due an interval after it.
    mutating func drawNow(at now: Duration) {
        dirty = false
        lastFrame = now
    }

    /// How long the loop may sleep: until the pending frame is due, or `nil` (for ever) when
    /// nothing is pending.
    func timeout(at now: Duration) -> Duration? {
        guard dirty else { return nil }
        guard let lastFrame else { return .zero }
        return max(.zero, lastFrame + interval - now)
    }
}
