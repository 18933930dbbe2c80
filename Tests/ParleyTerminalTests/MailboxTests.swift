import Testing
import Foundation
import Glibc
@testable import ParleyTerminal

@Suite("Mailbox and wake pipe")
struct MailboxTests {
    @Test("posts from many threads all arrive, with one wake byte per drain")
    func concurrentPosts() async throws {
        let pipe = try WakePipe()
        defer { pipe.close() }
        let mailbox = Mailbox<Int>(wakeFD: pipe.writeEnd)
        await withTaskGroup(of: Void.self) { group in
            for sender in 0..<8 {
                group.addTask { for i in 0..<1000 { mailbox.post(sender * 1000 + i) } }
            }
        }
        #expect(pipe.drain() == [0])
        let messages = mailbox.drain()
        #expect(messages.count == 8000)
        #expect(Set(messages).count == 8000)
        // Drained: the next post pokes again.
        mailbox.post(1)
        #expect(pipe.drain() == [0])
    }

    @Test("after close, posts are dropped and nothing is written")
    func closed() throws {
        let pipe = try WakePipe()
        defer { pipe.close() }
        let mailbox = Mailbox<Int>(wakeFD: pipe.writeEnd)
        mailbox.close()
        mailbox.post(1)
        mailbox.requestStop()
        #expect(pipe.drain().isEmpty)
        #expect(mailbox.drain().isEmpty)
        #expect(!mailbox.isStopRequested)
    }

    @Test("a stop request wakes the loop")
    func stop() throws {
        let pipe = try WakePipe()
        defer { pipe.close() }
        let mailbox = Mailbox<Int>(wakeFD: pipe.writeEnd)
        mailbox.requestStop()
        #expect(mailbox.isStopRequested)
        #expect(pipe.drain() == [0])
    }

    @Test("the poll waiter wakes on a poke, reports termination signals, and honours timeouts")
    func pollWaiter() throws {
        let pipe = try WakePipe()
        defer { pipe.close() }
        // An input fd that never becomes readable: the read end of a pipe nobody writes to.
        var idle: [Int32] = [-1, -1]
        #expect(Glibc.pipe(&idle) == 0)
        defer { _ = close(idle[0]); _ = close(idle[1]) }
        let waiter = PollWaiter(pipe: pipe, inputFD: idle[0])

        let clock = ContinuousClock()
        let start = clock.now
        #expect(waiter.wait(timeout: .milliseconds(20)) == Wake())
        #expect(clock.now - start >= .milliseconds(19))

        WakePipe.poke(pipe.writeEnd, byte: 0)
        WakePipe.poke(pipe.writeEnd, byte: UInt8(SIGWINCH))
        #expect(waiter.wait(timeout: nil) == Wake())
        WakePipe.poke(pipe.writeEnd, byte: UInt8(SIGTERM))
        #expect(waiter.wait(timeout: nil) == Wake(terminationSignals: [SIGTERM]))
    }

    @Test("effect tasks are tracked and cancelled")
    func effectTasks() async throws {
        let tasks = EffectTasks()
        let (stream, continuation) = AsyncStream.makeStream(of: Bool.self)
        tasks.start {
            try? await Task.sleep(for: .seconds(30))
            continuation.yield(Task.isCancelled)
        }
        #expect(tasks.count == 1)
        tasks.cancelAll()
        var iterator = stream.makeAsyncIterator()
        #expect(await iterator.next() == true)
        tasks.start { Issue.record("started after cancelAll") }
        #expect(tasks.count == 0)
    }

    /// A choice being written as the chat quits is written, not cancelled half-way.
    @Test("must-finish tasks outlive cancelAll and are waited for")
    func mustFinishTasks() async throws {
        let tasks = EffectTasks()
        let written = Flag()
        let (gate, open) = AsyncStream.makeStream(of: Void.self)
        tasks.start(mustFinish: true) {
            for await _ in gate { break }
            written.set(!Task.isCancelled)
        }
        tasks.cancelAll()
        #expect(tasks.count == 1)
        open.yield()
        let left = await Task.detached { tasks.waitForUnfinished(limit: .seconds(30)) }.value
        #expect(left == 0 && written.value == true && tasks.count == 0)
    }

    @Test("waiting for must-finish tasks gives up at the limit")
    func mustFinishWaitIsBounded() async throws {
        let tasks = EffectTasks()
        let (gate, open) = AsyncStream.makeStream(of: Void.self)
        tasks.start(mustFinish: true) { for await _ in gate { break } }
        let left = await Task.detached { tasks.waitForUnfinished(limit: .milliseconds(50)) }.value
        #expect(left == 1)
        open.finish()
    }
}

/// A Bool set from another task.
private final class Flag: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: Bool?
    func set(_ value: Bool) { lock.lock(); stored = value; lock.unlock() }
    var value: Bool? { lock.lock(); defer { lock.unlock() }; return stored }
}
