import Foundation

/// Writing to the terminal streams: answers on stdout, everything else on stderr.
enum Console {
    static let stdoutIsTerminal = isatty(STDOUT_FILENO) == 1
    static let stderrIsTerminal = isatty(STDERR_FILENO) == 1
    static let stdinIsTerminal = isatty(STDIN_FILENO) == 1

    /// Set once stdout's reader has gone (`parley ask … | head -c 1`): later output is dropped
    /// quietly while the command finishes and records its answer.
    nonisolated(unsafe) private static var stdoutGone = false
    private static let lock = NSLock()

    static func out(_ text: String) {
        lock.lock()
        defer { lock.unlock() }
        guard !stdoutGone else { return }
        if !write(text, to: STDOUT_FILENO) { stdoutGone = true }
    }

    static func err(_ text: String) {
        _ = write(text, to: STDERR_FILENO)
    }

    /// Writes all of `text`; `false` when the descriptor is closed or broken (EPIPE and the
    /// like). `FileHandle.write` traps there instead, with a backtrace; SIGPIPE is ignored at
    /// start-up (`ignoreBrokenPipes`) so the error arrives here as EPIPE.
    private static func write(_ text: String, to descriptor: Int32) -> Bool {
        var bytes = Array(text.utf8)[...]
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
    static func ignoreBrokenPipes() {
        signal(SIGPIPE, SIG_IGN)
    }

    /// One line on stderr, prefixed `parley: `.
    static func error(_ text: String) {
        err("parley: \(text)\n")
    }

    /// The prompt of a headless command: the argument, or stdin when it is absent or `-`.
    static func prompt(_ argument: String?) throws -> String {
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
    static func readStandardInput() -> String {
        String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
    }
}

/// A failure that ends a command with a given status after printing its message on stderr.
struct CommandFailure: Error, CustomStringConvertible {
    var status: Int32
    var message: String

    var description: String { message }

    static func usage(_ message: String) -> CommandFailure { CommandFailure(status: ExitStatus.usage, message: message) }
}
