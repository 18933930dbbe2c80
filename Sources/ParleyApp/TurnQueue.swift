/// The chat's turns of one conversation, one after another: a turn begins (commits its message,
/// or rewinds the tree for a regenerate or an edit) only once every turn started before it in
/// the same conversation has ended, its last write recorded.
///
/// The store places each answer under the conversation's current leaf. A regenerate sent while
/// the answer it replaces still streams cancels that answer, but the cancelled turn may still
/// write (its first text already on its way, then its partial row); had the regenerate rewound
/// the tree first, that late row would become the leaf and the new answer its child instead of
/// its sibling. Waiting costs the time a cancel takes to land; a turn is never sent while
/// another of its conversation streams (the chat refuses), so nothing waits longer.
struct TurnQueue {
    /// A turn's place in the queue.
    struct Ticket: Sendable {
        fileprivate let earlier: Task<Void, Never>?
        fileprivate let ended: AsyncStream<Never>.Continuation

        /// Returns when every turn that entered the queue of its conversation before this one
        /// has called `end()`.
        func waitForEarlierTurns() async {
            await earlier?.value
        }

        /// This turn is over (sent and recorded, refused, or never begun): the next may begin.
        func end() {
            ended.finish()
        }
    }

    /// For each conversation: a task that ends when every turn entered so far has ended.
    private var settled: [String: Task<Void, Never>] = [:]

    /// Puts a turn of `conversation` at the end of its queue. Call `end()` on the ticket
    /// whatever happens to the turn, or the turns after it never begin.
    mutating func enter(_ conversation: String) -> Ticket {
        let (ended, end) = AsyncStream<Never>.makeStream()
        let earlier = settled[conversation]
        settled[conversation] = Task {
            await earlier?.value
            for await _ in ended {}
        }
        return Ticket(earlier: earlier, ended: end)
    }
}
