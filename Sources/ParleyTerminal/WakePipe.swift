import Glibc

/// The self-pipe that wakes the loop's poll(2): the mailbox writes a 0 byte when actions
/// arrive, signal handlers write the signal's number. Both ends are non-blocking: a full pipe
/// already guarantees a wake-up, so a write that would block is simply dropped.
struct WakePipe: Sendable {
    let readEnd: Int32
    let writeEnd: Int32

    init() throws {
        var fds: [Int32] = [-1, -1]
        // pipe2 is a GNU extension Glibc's module does not export; pipe + fcntl does the same.
        guard pipe(&fds) == 0 else { throw TerminalError.system(call: "pipe", errno: errno) }
        for fd in fds {
            _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
            _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
        }
        readEnd = fds[0]
        writeEnd = fds[1]
    }

    /// Writes one byte; async-signal-safe (only write(2)), callable from any thread.
    static func poke(_ fd: Int32, byte: UInt8) {
        var value = byte
        _ = write(fd, &value, 1)
    }

    /// Reads every byte waiting and returns them (0: actions; otherwise a signal number).
    func drain() -> [UInt8] {
        var result: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 256)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(readEnd, $0.baseAddress, $0.count) }
            if count > 0 {
                result += buffer[0..<count]
            } else if count < 0 && errno == EINTR {
                continue
            } else {
                return result
            }
        }
    }

    /// Closes both ends. Only once nothing can write any more: the mailbox is closed and the
    /// signal handlers are uninstalled, or a recycled descriptor could receive stray bytes.
    func close() {
        _ = Glibc.close(readEnd)
        _ = Glibc.close(writeEnd)
    }
}
