import Glibc

/// Keeps the process's other threads (the engine's pool, the network's event loops, the
/// database's) a few nice levels below the terminal's thread, so a key is drawn before the
/// next chunk is decoded.
///
/// Four models streaming at full speed keep the engine's threads busy on both cores of a small
/// machine; at equal priority the terminal's thread waited for a core for most of a frame
/// (four lanes: key frames p99 6 ms of CPU, 20–23 ms of wall time). Linux's nice value is a
/// per-thread attribute (`setpriority(PRIO_PROCESS, tid, …)`), and lowering another thread of
/// one's own process needs no privilege; raising the terminal's thread above the rest would.
/// Swift's task priorities do not reach the kernel on Linux, so the threads are found in
/// `/proc/self/task` and set one by one; threads started later are caught by the next pass.
///
/// Used only from the terminal's thread.
final class ThreadPriorities {
    /// How far below the terminal's thread the others run: +5 gives it about three times their
    /// weight when they compete for a core, while a lone engine thread still gets all of one.
    static let offset: Int32 = 5
    private let terminal: Int32?
    private let interval: Duration
    private var lastPass: Duration?

    /// For the calling thread, which becomes the one left alone.
    init(interval: Duration = .seconds(1)) {
        terminal = Self.currentThreadID()
        self.interval = interval
    }

    /// A pass if none ran in the last `interval`.
    func settle(at now: Duration) {
        if let lastPass, now - lastPass < interval { return }
        lastPass = now
        guard let terminal else { return }
        Self.lower(Self.threadIDs().filter { $0 != terminal }, below: terminal)
    }

    /// Puts each of `threads` at least `offset` nice levels below `reference` (at most 19).
    /// Threads already lower are left alone; a thread that has ended is skipped.
    static func lower(_ threads: [Int32], below reference: Int32) {
        guard let base = nice(of: reference) else { return }
        let target = min(19, base + offset)
        for thread in threads {
            guard let current = nice(of: thread), current < target else { continue }
            _ = setpriority(__priority_which_t(PRIO_PROCESS.rawValue), id_t(thread), target)
        }
    }

    /// A thread's nice value, nil when it cannot be read (the thread has ended).
    static func nice(of thread: Int32) -> Int32? {
        // -1 is a valid nice value: only errno tells a failure from it.
        errno = 0
        let value = getpriority(__priority_which_t(PRIO_PROCESS.rawValue), id_t(thread))
        return value == -1 && errno != 0 ? nil : value
    }

    /// The kernel's ids of this process's threads.
    static func threadIDs() -> [Int32] {
        guard let directory = opendir("/proc/self/task") else { return [] }
        defer { closedir(directory) }
        var ids: [Int32] = []
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            if let id = Int32(name) { ids.append(id) }
        }
        return ids
    }

    /// The calling thread's kernel id, from `/proc/thread-self` (a link to `PID/task/TID`):
    /// Glibc's module does not export `gettid`, and `syscall` is variadic.
    static func currentThreadID() -> Int32? {
        var buffer = [CChar](repeating: 0, count: 64)
        let count = readlink("/proc/thread-self", &buffer, buffer.count - 1)
        guard count > 0 else { return nil }
        let link = String(decoding: buffer.prefix(count).map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return link.split(separator: "/").last.flatMap { Int32($0) }
    }
}
