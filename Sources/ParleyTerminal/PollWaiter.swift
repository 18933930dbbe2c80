import Glibc

/// Sleeps in poll(2) on the terminal (fd 0) and the wake pipe. With no timeout it blocks
/// indefinitely: an idle Parley uses no CPU.
final class PollWaiter: EventWaiter {
    private let pipe: WakePipe
    private let inputFD: Int32

    init(pipe: WakePipe, inputFD: Int32 = 0) {
        self.pipe = pipe
        self.inputFD = inputFD
    }

    func wait(timeout: Duration?) -> Wake {
        var fds = [
            pollfd(fd: inputFD, events: Int16(POLLIN), revents: 0),
            pollfd(fd: pipe.readEnd, events: Int16(POLLIN), revents: 0),
        ]
        // EINTR (a signal) needs no retry: the handler has written to the pipe, and the caller
        // loops back here anyway.
        _ = poll(&fds, 2, Self.milliseconds(timeout))
        var wake = Wake()
        if fds[1].revents != 0 {
            for byte in pipe.drain() where SignalHandlers.terminationSignals.contains(Int32(byte)) {
                wake.terminationSignals.append(Int32(byte))
            }
        }
        // The terminal went away (POLLHUP/POLLERR/POLLNVAL): poll would return at once
        // forever and reads would fail, so treat it as a hang-up.
        let gone = Int16(POLLHUP) | Int16(POLLERR) | Int16(POLLNVAL)
        if fds[0].revents & gone != 0 {
            wake.terminationSignals.append(SIGHUP)
        }
        return wake
    }

    /// poll's timeout: -1 for none, otherwise rounded *up* so the loop never wakes a hair
    /// before a frame is due and spins.
    static func milliseconds(_ timeout: Duration?) -> Int32 {
        guard let timeout else { return -1 }
        let (seconds, attoseconds) = timeout.components
        if seconds < 0 || (seconds == 0 && attoseconds <= 0) { return 0 }
        let millis = seconds * 1000 + (attoseconds + 999_999_999_999_999) / 1_000_000_000_000_000
        return Int32(clamping: millis)
    }
}
