import Foundation

/// The tasks running commands, so the runtime can cancel what is still running when it stops.
///
/// `@unchecked Sendable`: its state (`tasks`, `mustFinish`, `nextID`, `cancelled`) is only
/// touched while holding `lock`.
final class EffectTasks: @unchecked Sendable {
    private let lock = NSCondition()
    private var tasks: [Int: Task<Void, Never>] = [:]
    /// Tasks `cancelAll` leaves running, for `waitForUnfinished` (their ids).
    private var mustFinish: Set<Int> = []
    private var nextID = 0
    private var cancelled = false

    /// Starts `work` in a new task, tracked until it finishes. With `mustFinish`, `cancelAll`
    /// leaves it running and `waitForUnfinished` waits for it.
    func start(mustFinish: Bool = false, _ work: @escaping @Sendable () async -> Void) {
        lock.lock()
        defer { lock.unlock() }
        guard !cancelled else { return }
        let id = nextID
        nextID += 1
        if mustFinish { self.mustFinish.insert(id) }
        tasks[id] = Task { [weak self] in
            await work()
            self?.finished(id)
        }
    }

    private func finished(_ id: Int) {
        lock.lock()
        defer { lock.unlock() }
        tasks[id] = nil
        if mustFinish.remove(id) != nil { lock.broadcast() }
    }

    var count: Int {
        lock.lock()
        defer { lock.unlock() }
        return tasks.count
    }

    /// Cancels everything running but the must-finish tasks, and refuses new work.
    func cancelAll() {
        lock.lock()
        let running = tasks.filter { !mustFinish.contains($0.key) }.map(\.value)
        tasks = tasks.filter { mustFinish.contains($0.key) }
        cancelled = true
        lock.unlock()
        for task in running { task.cancel() }
    }

    /// Blocks the calling thread until the must-finish tasks have ended or `limit` has passed
    /// (a store that hangs must not keep the process from exiting for long).
    /// Returns how many were still running.
    @discardableResult
    func waitForUnfinished(limit: Duration) -> Int {
        let deadline = Date(timeIntervalSinceNow: Double(limit.components.seconds)
                                + Double(limit.components.attoseconds) / 1e18)
        lock.lock()
        defer { lock.unlock() }
        while !mustFinish.isEmpty, lock.wait(until: deadline) {}
        return mustFinish.count
    }
}
