import Foundation
#if canImport(Glibc)
import Glibc
#endif

// Why this file exists: a CI run hung for its whole 90 minutes in the end-to-end suite. Two things
// together can deadlock the test runner, and both are ruled out here:
// 1. Blocking reads and waits ran on Swift's cooperative thread pool, which has one thread per
//    core (two on CI). Two blocked readers stop every other test, their watchdogs included.
// 2. Foundation's `Pipe` is not close-on-exec, and a child started with a bare `posix_spawn` (the
//    tmux server, a measured run) inherits every descriptor the runner has open at that moment,
//    the write ends of other tests' pipes among them. Such a pipe never reaches end-of-file while
//    that child lives, so its reader blocks as long as the child does.
// So every blocking call runs on a thread of its own, every spawned child gets only 0, 1 and 2,
// a reader gives up a grace period after its process ended, and a stuck child is killed by a
// timer that does not need the pool.

/// Runs blocking `work` on a thread of its own (never on the cooperative pool).
func onOwnThread<T: Sendable>(_ work: @escaping @Sendable () -> T) async -> T {
    await withCheckedContinuation { continuation in
        let thread = Thread { continuation.resume(returning: work()) }
        thread.start()
    }
}

/// Waits for a Foundation `Process` to end without holding a pool thread.
func waitForExit(_ process: Process) async {
    await onOwnThread { process.waitUntilExit() }
}

/// Up to `count` bytes from `pipe`, empty at end of file, read on a thread of its own.
func readSome(_ pipe: Pipe, upTo count: Int) async -> Data {
    let handle = pipe.fileHandleForReading
    return await onOwnThread { (try? handle.read(upToCount: count)) ?? Data() }
}

/// Drains a pipe on a thread of its own from the moment it is made, so a child writing a lot is
/// never blocked, and hands over what arrived when the writers closed it (or when the caller
/// stops waiting: a descendant may hold the write end long after the child ended).
final class PipeDrain: @unchecked Sendable {
    // `data` and `ended` are guarded by `lock`; the handle is kept so it stays open while read.
    private let lock = NSLock()
    private var data = Data()
    private var ended = false
    private let handle: FileHandle

    init(_ pipe: Pipe) {
        handle = pipe.fileHandleForReading
        let descriptor = handle.fileDescriptor
        Thread { [self] in
            var buffer = [UInt8](repeating: 0, count: 65_536)
            while true {
                let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
                if count < 0, errno == EINTR { continue }
                if count <= 0 { break }
                lock.withLock { data.append(contentsOf: buffer[0..<count]) }
            }
            lock.withLock { ended = true }
        }.start()
    }

    /// What has arrived so far.
    var received: Data { lock.withLock { data } }

    /// Everything, once the pipe is closed by every writer or `grace` has passed.
    func collect(grace: Duration = .seconds(5)) async -> Data {
        let end = ContinuousClock.now + grace
        while ContinuousClock.now < end, !lock.withLock({ ended }) {
            try? await Task.sleep(for: .milliseconds(20))
        }
        return received
    }
}

/// Kills a process that outlives `deadline`: SIGTERM, then SIGKILL three seconds later. The timer
/// runs on a Dispatch queue, so it fires even if the test's own tasks cannot run.
final class Watchdog: @unchecked Sendable {
    // `done` is guarded by `lock`.
    private let lock = NSLock()
    private var done = false

    init(pid: pid_t, deadline: Duration) {
        let seconds = Double(deadline.components.seconds) + Double(deadline.components.attoseconds) / 1e18
        DispatchQueue.global().asyncAfter(deadline: .now() + seconds) { [self] in
            guard !lock.withLock({ done }) else { return }
            kill(pid, SIGTERM)
            DispatchQueue.global().asyncAfter(deadline: .now() + 3) { [self] in
                if !lock.withLock({ done }) { kill(pid, SIGKILL) }
            }
        }
    }

    /// Call once the process has been reaped, so a reused pid is never signalled.
    func cancel() { lock.withLock { done = true } }
}

/// Spawn file actions that give a child only the descriptors 0, 1 and 2 (see the top of this
/// file). `posix_spawn_file_actions_addclosefrom_np` (glibc 2.34) does not import into Swift,
/// so it is looked up at run time.
func closeInheritedDescriptors(_ actions: inout posix_spawn_file_actions_t) {
    typealias AddCloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32
    if let symbol = dlsym(nil, "posix_spawn_file_actions_addclosefrom_np") {
        _ = unsafeBitCast(symbol, to: AddCloseFrom.self)(&actions, 3)
        return
    }
    // An older libc: close what is open now, one by one.
    let open = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? []
    for fd in open.compactMap({ Int32($0) }) where fd > 2 {
        posix_spawn_file_actions_addclose(&actions, fd)
    }
}

/// Runs a program to completion (killed after `deadline`), feeding `stdin`, both outputs drained.
func runProgram(_ executable: URL, _ arguments: [String], stdin: String? = nil,
                environment: [String: String]? = nil, deadline: Duration = .seconds(60)) async throws -> RunResult {
    let process = Process()
    process.executableURL = executable
    process.arguments = arguments
    if let environment { process.environment = environment }
    let out = Pipe(), err = Pipe(), input = Pipe()
    process.standardOutput = out
    process.standardError = err
    process.standardInput = input
    try process.run()
    let stdoutDrain = PipeDrain(out), stderrDrain = PipeDrain(err)
    let watchdog = Watchdog(pid: process.processIdentifier, deadline: deadline)
    // A child that never reads its stdin must not block a large write: write on a thread of its own.
    let writer = input.fileHandleForWriting
    let bytes = stdin.map { Data($0.utf8) }
    Thread {
        if let bytes { try? writer.write(contentsOf: bytes) }
        try? writer.close()
    }.start()
    await waitForExit(process)
    watchdog.cancel()
    let (o, e) = await (stdoutDrain.collect(), stderrDrain.collect())
    return RunResult(status: process.terminationStatus, stdout: String(decoding: o, as: UTF8.self),
                     stderr: String(decoding: e, as: UTF8.self))
}
