import Dispatch
import Foundation

/// Ctrl-C in a headless command: end the line on stderr and exit 130, as shells expect.
enum InterruptHandler {
    private static let source: DispatchSourceSignal = {
        signal(SIGINT, SIG_IGN)
        let source = DispatchSource.makeSignalSource(signal: SIGINT, queue: .global())
        source.setEventHandler {
            FileHandle.standardError.write(Data("\nparley: interrupted\n".utf8))
            Foundation.exit(ExitStatus.interrupted)
        }
        source.resume()
        return source
    }()

    /// Idempotent: the handler is installed once, on first use.
    static func install() {
        _ = source
    }
}
