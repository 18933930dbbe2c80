import Foundation
import Testing

/// Runs the real `parley` binary, built next to this test bundle.
enum ParleyBinary {
    static let url: URL = {
        if let path = ProcessInfo.processInfo.environment["PARLEY_BIN"] { return URL(fileURLWithPath: path) }
        let runner = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        var directory = runner.deletingLastPathComponent()
        // On Linux the runner is `<build>/debug/ParleyPackageTests.xctest`; on macOS it sits inside
        // a bundle a few levels down.
        for _ in 0..<4 {
            let candidate = directory.appendingPathComponent("parley")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            directory.deleteLastPathComponent()
        }
        return URL(fileURLWithPath: ".build/debug/parley")
    }()
}

/// The result of one headless run.
struct RunResult: Sendable {
    var status: Int32
    var stdout: String
    var stderr: String
}

/// A fresh, empty PARLEY_HOME for one test, removed by the caller when done.
struct TemporaryHome {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("parley-e2e-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    func remove() { try? FileManager.default.removeItem(at: url) }

    /// Writes `config.toml` with one provider, `sim`, on the simulator at `baseURL`, then `more`
    /// (more tables of the same file).
    func configureSimProvider(_ baseURL: String, more: String = "") throws {
        var text = "[providers.sim]\npreset = \"custom\"\nbase_url = \"\(baseURL)\"\n"
        if !more.isEmpty { text += "\n" + more + "\n" }
        try text.write(to: url.appendingPathComponent("config.toml"), atomically: true, encoding: .utf8)
    }

    /// An environment that isolates Parley from the user's own config and data.
    func environment(_ extra: [String: String] = [:]) -> [String: String] {
        var env = ProcessInfo.processInfo.environment
        for key in env.keys where key.hasPrefix("PARLEY_") || key.hasPrefix("XDG_") || key.hasSuffix("_API_KEY") {
            env[key] = nil
        }
        env["PARLEY_HOME"] = url.path
        env["HOME"] = url.path
        env["NO_COLOR"] = nil
        env.merge(extra) { _, new in new }
        return env
    }
}

/// Runs `parley args…` to completion (with a generous deadline), feeding `stdin`.
func runParley(_ arguments: [String], stdin: String? = nil, environment: [String: String],
               deadline: Duration = .seconds(60)) async throws -> RunResult {
    try await runProgram(ParleyBinary.url, arguments, stdin: stdin, environment: environment, deadline: deadline)
}

/// Starts `parley args…` in the background with its stdout on a pipe (stdin and stderr closed),
/// for tests that interrupt or kill it mid-answer. Read the pipe with `readSome` and wait with
/// `waitForExit` (ChildProcess.swift), never with blocking calls on the test's own task.
func launchParley(_ arguments: [String], environment: [String: String]) throws -> (Process, Pipe) {
    let process = Process()
    process.executableURL = ParleyBinary.url
    process.arguments = arguments
    process.environment = environment
    let out = Pipe()
    process.standardOutput = out
    process.standardError = FileHandle.nullDevice
    process.standardInput = FileHandle.nullDevice
    try process.run()
    return (process, out)
}

/// `parley sim` running in the background on a free loopback port.
final class SimProcess: @unchecked Sendable {
    // Only touched from the creating test and `stop()`; Process itself is thread-safe for terminate.
    let process = Process()
    let baseURL: String

    init(environment: [String: String]) throws {
        process.executableURL = ParleyBinary.url
        process.arguments = ["sim", "--port", "0"]
        process.environment = environment
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        // The first line on stdout is the base URL.
        var line = Data()
        while let byte = try out.fileHandleForReading.read(upToCount: 1), !byte.isEmpty, byte != Data("\n".utf8) {
            line += byte
        }
        baseURL = String(decoding: line, as: UTF8.self)
        guard baseURL.hasPrefix("http://127.0.0.1:") else {
            process.terminate()
            throw SimStartFailure(output: baseURL)
        }
    }

    func stop() {
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
        }
    }

    struct SimStartFailure: Error { var output: String }
}

/// Polls `condition` until it holds or the deadline passes; never a fixed sleep.
func eventually(_ deadline: Duration = .seconds(30), _ condition: () async throws -> Bool) async throws -> Bool {
    let clock = ContinuousClock()
    let end = clock.now + deadline
    while clock.now < end {
        if try await condition() { return true }
        try await Task.sleep(for: .milliseconds(50))
    }
    return try await condition()
}
