import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Runs an `api_key_command` (`pass show openrouter`) through `/bin/sh -c` and returns its
/// first line of standard output, trimmed: the key.
///
/// Spawned with posix_spawn in its own process group, so that on timeout the whole group (the
/// shell and whatever it started, e.g. a `gpg` waiting for a passphrase) is killed and no
/// descendant keeps the pipe open. Standard input is /dev/null: a command that wants to prompt
/// fails instead of stealing the terminal from the UI.
enum KeyCommandRunner {
    enum Failure: Error, Equatable {
        case couldNotStart(errno: Int32)
        case timedOut(seconds: Double)
        case exited(status: Int32, stderr: String)
        case killed(signal: Int32)
        case emptyOutput
        case controlCharacters
    }

    static let defaultTimeout: Duration = .seconds(10)
    /// A key is short; more output than this is not a key.
    private static let outputLimit = 64 * 1024

    static func run(_ command: String, environment: [String: String],
                    timeout: Duration = defaultTimeout) throws(Failure) -> String {
        var outPipe: [Int32] = [0, 0], errPipe: [Int32] = [0, 0]
        guard pipe(&outPipe) == 0 else { throw .couldNotStart(errno: errno) }
        guard pipe(&errPipe) == 0 else {
            close(outPipe[0]); close(outPipe[1])
            throw .couldNotStart(errno: errno)
        }

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, outPipe[1], 1)
        posix_spawn_file_actions_adddup2(&actions, errPipe[1], 2)
        for fd in outPipe + errPipe { posix_spawn_file_actions_addclose(&actions, fd) }

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP))
        posix_spawnattr_setpgroup(&attributes, 0)

        let arguments = ["/bin/sh", "-c", command]
        let environmentLines = environment.map { "\($0.key)=\($0.value)" }
        var pid: pid_t = 0
        let spawnResult = withCStrings(arguments) { argv in
            withCStrings(environmentLines) { envp in
                posix_spawn(&pid, "/bin/sh", &actions, &attributes, argv, envp)
            }
        }
        close(outPipe[1]); close(errPipe[1])
        guard spawnResult == 0 else {
            close(outPipe[0]); close(errPipe[0])
            throw .couldNotStart(errno: spawnResult)
        }

        let deadline = ContinuousClock.now + timeout
        var output = [UInt8](), errors = [UInt8]()
        let finished = drain(out: outPipe[0], err: errPipe[0], into: &output, &errors, until: deadline)
        close(outPipe[0]); close(errPipe[0])
        if !finished {
            kill(-pid, SIGKILL)
            var ignored: Int32 = 0
            waitpid(pid, &ignored, 0)
            let (seconds, atto) = timeout.components
            throw .timedOut(seconds: Double(seconds) + Double(atto) / 1e18)
        }

        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        // The WIFEXITED/WEXITSTATUS macros do not import into Swift.
        let signal = status & 0x7F
        if signal != 0 { throw .killed(signal: signal) }
        let exitCode = (status >> 8) & 0xFF
        if exitCode != 0 {
            let stderrText = String(decoding: errors, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            throw .exited(status: exitCode, stderr: stderrText)
        }
        return try firstLineKey(of: output)
    }

    /// The key is the first line: `pass show` prints the password first and notes after it.
    /// A key with control characters in it (an escape sequence, a NUL) would corrupt the request
    /// header or the terminal, so it is refused; the output is never quoted back.
    static func firstLineKey(of output: [UInt8]) throws(Failure) -> String {
        let text = String(decoding: output, as: UTF8.self)
        let firstLine = text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }).first ?? ""
        let key = firstLine.trimmingCharacters(in: .whitespaces.union(CharacterSet(charactersIn: "\r")))
        if key.isEmpty { throw .emptyOutput }
        if key.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) { throw .controlCharacters }
        return key
    }

    /// Reads both pipes until both close or the deadline passes; false on timeout.
    private static func drain(out: Int32, err: Int32, into output: inout [UInt8], _ errors: inout [UInt8],
                              until deadline: ContinuousClock.Instant) -> Bool {
        var open: [Int32] = [out, err]
        var buffer = [UInt8](repeating: 0, count: 4096)
        while !open.isEmpty {
            let remaining = ContinuousClock.now.duration(to: deadline)
            if remaining <= .zero { return false }
            let milliseconds = Int32(clamping: remaining.components.seconds * 1000
                                     + remaining.components.attoseconds / 1_000_000_000_000_000 + 1)
            var fds = open.map { pollfd(fd: $0, events: Int16(POLLIN), revents: 0) }
            let ready = poll(&fds, nfds_t(fds.count), milliseconds)
            if ready < 0 { if errno == EINTR { continue } else { return true } }
            for entry in fds where entry.revents != 0 {
                let count = read(entry.fd, &buffer, buffer.count)
                if count <= 0 {
                    open.removeAll { $0 == entry.fd }
                } else if entry.fd == out {
                    if output.count < outputLimit { output.append(contentsOf: buffer[..<count]) }
                } else if errors.count < 4096 {
                    errors.append(contentsOf: buffer[..<count])
                }
            }
        }
        return true
    }

    private static func withCStrings<R>(_ strings: [String], _ body: ([UnsafeMutablePointer<CChar>?]) -> R) -> R {
        var pointers: [UnsafeMutablePointer<CChar>?] = strings.map { strdup($0) }
        pointers.append(nil)
        defer { for pointer in pointers { free(pointer) } }
        return body(pointers)
    }
}
