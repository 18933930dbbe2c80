import Foundation

/// The tasks running commands, so the runtime can cancel what is still running when it stops.
///
/// `@unchecked Sendable`: `tasks` and `nextID` are only touched while holding `lock`.
final class EffectTasks: @unchecked Sendable {
    private let lock = NSLock()
    private var tasks: [Int: Task<Void, Never>] = [:]
    private var nextID = 0
    private var cancelled = false

    /// Starts `work` in a new task, tracked until it finishes.
    func start(_ work: @escaping @Sendable () async -> Void) {
        lock.lock()
        defer { lock.unlock() }
        guard !cancelled else { return }
        let id = nextID
        nextID += 1
        tasks[id] = Task { [weak self] in
            await work()
            self?.finished(id)
        }
    }

    private func finished(_ id: Int) {
        lock.lock()
        defer { lock.unlock() }
        tasks[id] = nil
    }

    var count: Int {
        lock.lock()
        defer { lock.unlock() }
        return tasks.count
    }

    /// Cancels everything running and refuses new work.
    func cancelAll() {
        lock.lock()
        let running = tasks.values
        tasks.removeAll()
        cancelled = true
        lock.unlock()
        for task in running { task.cancel() }
    }
}
