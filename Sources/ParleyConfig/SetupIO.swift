import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where `parley setup` asks its questions and reads the answers: a terminal, or a pipe of
/// answers one per line (so setup works in scripts and tests).
public protocol SetupIO: AnyObject {
    /// The next answer without its line ending; nil at end of input.
    func readLine() -> String?
    func write(_ text: String)
}

/// Reads and writes raw file descriptors (stdin/stdout by default). Reads whole lines itself
/// rather than through `Swift.readLine`, so any descriptor (a pipe in a test) works the same.
public final class FileDescriptorIO: SetupIO {
    private let input: Int32
    private let output: Int32
    private var pending: [UInt8] = []
    private var atEnd = false

    public init(input: Int32 = 0, output: Int32 = 1) {
        self.input = input
        self.output = output
    }

    public func readLine() -> String? {
        while true {
            if let newline = pending.firstIndex(of: UInt8(ascii: "\n")) {
                var line = Array(pending[..<newline])
                pending.removeSubrange(...newline)
                if line.last == UInt8(ascii: "\r") { line.removeLast() }
                return String(decoding: line, as: UTF8.self)
            }
            if atEnd {
                guard !pending.isEmpty else { return nil }
                defer { pending.removeAll() }
                return String(decoding: pending, as: UTF8.self)
            }
            var buffer = [UInt8](repeating: 0, count: 1024)
            let count = read(input, &buffer, buffer.count)
            if count < 0 && errno == EINTR { continue }
            if count <= 0 { atEnd = true } else { pending.append(contentsOf: buffer[..<count]) }
        }
    }

    public func write(_ text: String) {
        var bytes = Array(text.utf8)[...]
        while !bytes.isEmpty {
            let written = bytes.withUnsafeBytes { Glibc.write(output, $0.baseAddress, $0.count) }
            if written < 0 && errno == EINTR { continue }
            if written <= 0 { return }
            bytes = bytes.dropFirst(written)
        }
    }
}
