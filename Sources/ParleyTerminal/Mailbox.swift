import Foundation

/// The queue that carries actions from effect tasks (any thread) to the loop's thread.
///
/// Posting appends under a lock and pokes the wake pipe, but only when the queue was empty
/// since the last drain: a model streaming a thousand tokens a second costs one pipe write per
/// loop iteration, not one per token. The loop drains the pipe *before* the queue, so a post
/// that lands between the two is picked up now, and one that lands after it pokes again.
///
/// `@unchecked Sendable`: every mutable field is read and written only while holding `lock`,
/// and `wakeFD` is immutable. Poking under the lock means `close()` cannot race a write to a
/// descriptor that is about to be closed and perhaps reused.
final class Mailbox<Message: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var queue: [Message] = []
    private var wakePending = false
    private var closed = false
    private var stopRequested = false
    private let wakeFD: Int32

    init(wakeFD: Int32) {
        self.wakeFD = wakeFD
    }

    /// Enqueues a message and wakes the loop. After `close()`, messages are dropped.
    func post(_ message: Message) {
        lock.lock()
        defer { lock.unlock() }
        guard !closed else { return }
        queue.append(message)
        if !wakePending {
            wakePending = true
            WakePipe.poke(wakeFD, byte: 0)
        }
    }

    /// Everything posted so far, oldest first.
    func drain() -> [Message] {
        lock.lock()
        defer { lock.unlock() }
        let messages = queue
        queue.removeAll(keepingCapacity: true)
        wakePending = false
        return messages
    }

    /// Asks the loop to stop (its caller's task was cancelled). Ignored after `close()`.
    func requestStop() {
        lock.lock()
        defer { lock.unlock() }
        guard !closed, !stopRequested else { return }
        stopRequested = true
        WakePipe.poke(wakeFD, byte: 0)
    }

    var isStopRequested: Bool {
        lock.lock()
        defer { lock.unlock() }
        return stopRequested
    }

    /// Stops accepting messages; the wake pipe may be closed after this returns.
    func close() {
        lock.lock()
        defer { lock.unlock() }
        closed = true
        queue.removeAll()
    }
}
