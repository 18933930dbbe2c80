import Synchronization

/// The queue that carries actions from effect tasks (any thread) to the loop's thread.
///
/// Posting appends under a lock and pokes the wake pipe, but only when the queue was empty
/// since the last drain: a model streaming a thousand tokens a second costs one pipe write per
/// loop iteration, not one per token. The loop drains the pipe *before* the queue, so a post
/// that lands between the two is picked up now, and one that lands after it pokes again.
///
/// Poking under the lock means `close()` cannot race a write to a descriptor that is about to
/// be closed and perhaps reused. The lock is held for an append or a swap (and that one poke);
/// the loop's check for a stop, made every iteration, takes no lock at all: the posters run at
/// a lower priority than the loop's thread (ThreadPriorities), and one preempted while holding
/// the lock would make the loop wait behind it.
final class Mailbox<Message: Sendable>: Sendable {
    private struct State: ~Copyable {
        var queue: [Message] = []
        var wakePending = false
        var closed = false
    }

    private let state = Mutex(State())
    private let stopRequested = Atomic<Bool>(false)
    private let wakeFD: Int32

    init(wakeFD: Int32) {
        self.wakeFD = wakeFD
    }

    /// Enqueues a message and wakes the loop. After `close()`, messages are dropped.
    func post(_ message: Message) {
        state.withLock { state in
            guard !state.closed else { return }
            state.queue.append(message)
            if !state.wakePending {
                state.wakePending = true
                WakePipe.poke(wakeFD, byte: 0)
            }
        }
    }

    /// Everything posted so far, oldest first.
    func drain() -> [Message] {
        var messages: [Message] = []
        state.withLock { state in
            swap(&messages, &state.queue)
            state.wakePending = false
        }
        return messages
    }

    /// Asks the loop to stop (its caller's task was cancelled). Ignored after `close()`.
    func requestStop() {
        state.withLock { state in
            guard !state.closed, !stopRequested.load(ordering: .relaxed) else { return }
            stopRequested.store(true, ordering: .releasing)
            WakePipe.poke(wakeFD, byte: 0)
        }
    }

    var isStopRequested: Bool {
        stopRequested.load(ordering: .acquiring)
    }

    /// Stops accepting messages; the wake pipe may be closed after this returns.
    func close() {
        state.withLock { state in
            state.closed = true
            state.queue.removeAll()
        }
    }
}
