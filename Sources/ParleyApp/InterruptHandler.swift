public import Dispatch
import Foundation

/// Ctrl-C in a headless command: end the line on stderr and exit 130, as shells expect.
public enum InterruptHandler {
    /// Installs the handler; it stays active while the returned source is alive (cancel it when
    /// the command is done).
    public static func install() -> any DispatchSourceSignal {
        signal(SIGINT, SIG_IGN)
        let source = DispatchSource.makeSignalSource(signal: SIGINT, queue: .global())
        source.setEventHandler {
            Console.flush()  // the answer so far stays on stdout
            FileHandle.standardError.write(Data("\nparley: interrupted\n".utf8))
            Foundation.exit(ExitStatus.interrupted)
        }
        source.resume()
        return source
    }
}
