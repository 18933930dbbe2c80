import Foundation

/// Writing to the terminal streams: answers on stdout, everything else on stderr.
public enum Console {
    public static let stdoutIsTerminal = isatty(STDOUT_FILENO) == 1
    public static let stderrIsTerminal = isatty(STDERR_FILENO) == 1
    public static let stdinIsTerminal = isatty(STDIN_FILENO) == 1

    /// Set once stdout's reader has gone (`parley ask … | head -c 1`): later output is dropped
    /// quietly while the command finishes and records its answer.
    nonisolated(unsafe) private static var stdoutGone = false
    private static let lock = NSLock()
    /// Answer text not yet written (`outStreaming`), guarded by `lock`.
    nonisolated(unsafe) private static var pending: [UInt8] = []
    nonisolated(unsafe) private static var flushScheduled = false
    /// How long streamed text may wait to be gathered: a fraction of a frame, so a reader never
    /// sees the delay, while a fast stream costs one write per interval, not one per chunk.
    public static let streamingFlushInterval: Duration = .milliseconds(8)
    /// Written at once past this, whatever the interval.
    public static let streamingBufferBytes = 64 << 10

    /// Writes `text` now (after any streamed text still gathered, so the order holds).
    public static func out(_ text: String) {
        lock.lock()
        defer { lock.unlock() }
        writePending()
        guard !stdoutGone else { return }
        if !write(Array(text.utf8), to: STDOUT_FILENO) { stdoutGone = true }
    }

    /// Streamed answer text: gathered and written within `streamingFlushInterval`. `flush()`
    /// (or any `out`/`err`) writes what is gathered at once; commands flush before they exit.
    public static func outStreaming(_ text: String) {
        lock.lock()
        defer { lock.unlock() }
        guard !stdoutGone else { return }
        pending.append(contentsOf: text.utf8)
        if pending.count >= streamingBufferBytes {
            writePending()
        } else if !flushScheduled {
            flushScheduled = true
            Task.detached {
                try? await Task.sleep(for: streamingFlushInterval)
                flush()
            }
        }
    }

    /// Writes the streamed text gathered so far.
    public static func flush() {
        lock.lock()
        defer { lock.unlock() }
        flushScheduled = false
        writePending()
    }

    /// Call with `lock` held. A failed write means stdout's reader has gone: nothing more is written.
    private static func writePending() {
        guard !pending.isEmpty else { return }
        if !stdoutGone && !write(pending, to: STDOUT_FILENO) { stdoutGone = true }
        pending.removeAll(keepingCapacity: true)
    }

    public static func err(_ text: String) {
        flush()  // stdout and stderr often share a terminal: keep what was printed in order
        _ = write(Array(text.utf8), to: STDERR_FILENO)
    }

    /// Writes all of `text`; `false` when the descriptor is closed or broken (EPIPE and the
    /// like). `FileHandle.write` traps there instead, with a backtrace; SIGPIPE is ignored at
    /// start-up (`ignoreBrokenPipes`) so the error arrives here as EPIPE.
    private static func write(_ text: [UInt8], to descriptor: Int32) -> Bool {
        var bytes = text[...]
        while !bytes.isEmpty {
            let written = bytes.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress, $0.count) }
            if written < 0 {
                if errno == EINTR || errno == EAGAIN { continue }
                return false
            }
            bytes = bytes.dropFirst(written)
        }
        return true
    }

    /// A closed pipe must end in EPIPE from `write`, not kill the process.
    public static func ignoreBrokenPipes() {
        signal(SIGPIPE, SIG_IGN)
    }

    /// One line on stderr, prefixed `parley: `.
    public static func error(_ text: String) {
        err("parley: \(text)\n")
    }

    /// The prompt of a headless command: the argument, or stdin when it is absent or `-`.
    public static func prompt(_ argument: String?) throws -> String {
        if let argument, argument != "-" { return argument }
        if stdinIsTerminal {
            throw CommandFailure.usage("no prompt: give it as an argument or pipe it on stdin")
        }
        let text = readStandardInput()
        guard !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw CommandFailure.usage("the prompt on stdin is empty")
        }
        return text
    }

    /// Reads all of stdin as UTF-8.
    public static func readStandardInput() -> String {
        String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
    }
}
