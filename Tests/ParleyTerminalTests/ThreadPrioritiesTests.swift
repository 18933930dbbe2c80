import Testing
import Foundation
import Glibc
@testable import ParleyTerminal

/// A thread that reports its kernel id and waits until told to end.
private final class ParkedThread: @unchecked Sendable {
    private let started = DispatchSemaphore(value: 0)
    private let release = DispatchSemaphore(value: 0)
    private let ended = DispatchSemaphore(value: 0)
    // Written by the thread before `started` is signalled, read only after waiting for it.
    private var id: Int32?

    func start() -> Int32? {
        let thread = Thread { [self] in
            id = ThreadPriorities.currentThreadID()
            started.signal()
            release.wait()
            ended.signal()
        }
        thread.start()
        started.wait()
        return id
    }

    func end() {
        release.signal()
        ended.wait()
    }
}

@Suite("ThreadPriorities")
struct ThreadPrioritiesTests {
    @Test("this thread's kernel id is among the process's threads, and differs from another thread's")
    func threadIDs() throws {
        let own = try #require(ThreadPriorities.currentThreadID())
        let parked = ParkedThread()
        let other = try #require(parked.start())
        defer { parked.end() }
        let all = ThreadPriorities.threadIDs()
        #expect(all.contains(own) && all.contains(other))
        #expect(own != other)
    }

    @Test("another thread is put five nice levels below the reference; the reference is untouched")
    func lowersOthers() throws {
        let own = try #require(ThreadPriorities.currentThreadID())
        let ownNice = try #require(ThreadPriorities.nice(of: own))
        let parked = ParkedThread()
        let other = try #require(parked.start())
        defer { parked.end() }
        ThreadPriorities.lower([other], below: own)
        #expect(ThreadPriorities.nice(of: other) == min(19, ownNice + ThreadPriorities.offset))
        #expect(ThreadPriorities.nice(of: own) == ownNice)
        // A second pass changes nothing.
        ThreadPriorities.lower([other], below: own)
        #expect(ThreadPriorities.nice(of: other) == min(19, ownNice + ThreadPriorities.offset))
    }

    @Test("a thread already lower stays where it is; a thread that is gone is skipped")
    func leavesLowerAndGone() throws {
        let own = try #require(ThreadPriorities.currentThreadID())
        let parked = ParkedThread()
        let other = try #require(parked.start())
        defer { parked.end() }
        _ = setpriority(__priority_which_t(PRIO_PROCESS.rawValue), id_t(other), 19)
        ThreadPriorities.lower([other, Int32.max], below: own)
        #expect(ThreadPriorities.nice(of: other) == 19)
        #expect(ThreadPriorities.nice(of: Int32.max) == nil)
    }
}
