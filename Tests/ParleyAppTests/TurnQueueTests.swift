import Synchronization
import Testing
@testable import ParleyApp

/// A turn of a conversation begins only after the turns entered before it have ended; other
/// conversations do not wait.
@Suite struct TurnQueueTests {
    @Test(.timeLimit(.minutes(1))) func aTurnWaitsForTheEarlierTurnsOfItsConversationOnly() async {
        var queue = TurnQueue()
        let first = queue.enter("a")
        let second = queue.enter("a")
        let third = queue.enter("a")
        let elsewhere = queue.enter("b")
        let began = Began()

        let secondTurn = Task {
            await second.waitForEarlierTurns()
            began.note("second")
            second.end()
        }
        let thirdTurn = Task {
            await third.waitForEarlierTurns()
            began.note("third")
            third.end()
        }
        // Another conversation's turn begins while the first turn of "a" is still open.
        await elsewhere.waitForEarlierTurns()
        elsewhere.end()
        for _ in 0..<100 { await Task.yield() }
        #expect(began.names.isEmpty, "nothing of a began before its first turn ended")

        first.end()
        await secondTurn.value
        await thirdTurn.value
        #expect(began.names == ["second", "third"])

        // A turn entered after all have ended begins at once.
        let later = queue.enter("a")
        await later.waitForEarlierTurns()
        later.end()
    }
}

/// What began, in order, from any task.
private final class Began: Sendable {
    private let log = Mutex<[String]>([])
    func note(_ name: String) { log.withLock { $0.append(name) } }
    var names: [String] { log.withLock { $0 } }
}
