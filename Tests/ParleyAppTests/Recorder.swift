import Foundation
import ParleyUI

/// A `HeadlessOutput` that keeps what a command wrote, stdout and stderr apart.
final class OutputRecorder: @unchecked Sendable {
    private let lock = NSLock()
    private var stdout = ""
    private var stderr = ""

    var out: String { lock.withLock { stdout } }
    var err: String { lock.withLock { stderr } }

    var output: HeadlessOutput {
        HeadlessOutput(out: { text in self.lock.withLock { self.stdout += text } },
                       err: { text in self.lock.withLock { self.stderr += text } },
                       stdoutIsTerminal: false, stderrIsTerminal: false)
    }
}
