import Glibc

/// Signal handling for the terminal runtime, and the emergency restore for paths where
/// ncurses cannot run.
///
/// What is covered:
/// - **SIGTERM, SIGINT, SIGHUP**: the handler writes the signal number to the wake pipe; the
///   loop sees it, returns, and restores the terminal with `endwin()` on its own thread. A
///   second one before the loop got there (the loop is stuck) restores with the emergency
///   sequence and dies of the signal. In raw mode Ctrl-C is a key, not SIGINT.
/// - **SIGWINCH**: ncurses' own handler runs first (so `get_wch` reports `KEY_RESIZE`), then
///   a byte wakes the loop.
/// - **SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT, SIGTRAP, SIGQUIT** (crashes, Swift runtime
///   traps, `fatalError`): the emergency restore, then the previous handler (Swift's
///   backtracer, which then prints on a sane terminal) or the default action, by re-raising.
/// - **`exit()`** from anywhere while the screen is up: an `atexit` hook does the emergency
///   restore.
/// Not covered: SIGKILL, and a stack overflow on a thread with no alternate signal stack.
///
/// The emergency restore is async-signal-safe: `write(2)` of bytes prepared beforehand, and
/// `tcsetattr(3)` back to the modes saved before ncurses started.
enum SignalHandlers {
    static let terminationSignals: [Int32] = [SIGTERM, SIGINT, SIGHUP]
    static let fatalSignals: [Int32] = [SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT, SIGTRAP, SIGQUIT]
    static let resizeSignal = SIGWINCH

    /// Saves the terminal's modes and prepares the emergency bytes. Call before ncurses starts.
    static func prepare() {
        let bytes = Array(TerminalModes.emergencyResetSequence.utf8)
        if emergencyBytes == nil {
            let buffer = UnsafeMutablePointer<UInt8>.allocate(capacity: bytes.count)
            buffer.initialize(from: bytes, count: bytes.count)
            emergencyBytes = buffer
            emergencyCount = bytes.count
        }
        if savedModes == nil {
            let modes = UnsafeMutablePointer<termios>.allocate(capacity: 1)
            modes.initialize(to: termios())
            if tcgetattr(0, modes) == 0 {
                savedModes = modes
            } else {
                modes.deallocate()
            }
        }
        if previousActions == nil {
            let actions = UnsafeMutablePointer<sigaction>.allocate(capacity: signalSlots)
            actions.initialize(repeating: sigaction(), count: signalSlots)
            previousActions = actions
        }
        if !atexitRegistered {
            atexitRegistered = true
            atexit { if SignalHandlers.screenActive != 0 { SignalHandlers.emergencyRestore() } }
        }
    }

    /// Installs every handler; `wakeFD` is the write end of the loop's wake pipe.
    static func install(wakeFD: Int32) {
        prepare()
        SignalHandlers.wakeFD = wakeFD
        terminationCount = 0
        screenActive = 1
        for signal in terminationSignals { install(signal, handler: onTermination) }
        for signal in fatalSignals { install(signal, handler: onFatal) }
        install(resizeSignal, handler: onResize)
    }

    /// Puts back the handlers that were there before `install`.
    static func uninstall() {
        screenActive = 0
        guard let previousActions else { return }
        for signal in terminationSignals + fatalSignals + [resizeSignal] {
            _ = sigaction(signal, previousActions + Int(signal), nil)
        }
        wakeFD = -1
    }

    private static func install(_ signal: Int32, handler: SignalHandler) {
        guard let previousActions, Int(signal) < signalSlots else { return }
        var action = sigaction()
        action.__sigaction_handler.sa_sigaction = handler
        sigemptyset(&action.sa_mask)
        action.sa_flags = SA_SIGINFO | SA_RESTART | SA_ONSTACK
        _ = sigaction(signal, &action, previousActions + Int(signal))
    }

    /// Writes the reset sequence and restores the saved terminal modes. Async-signal-safe.
    static func emergencyRestore() {
        if let emergencyBytes {
            var offset = 0
            while offset < emergencyCount {
                let written = write(1, emergencyBytes + offset, emergencyCount - offset)
                if written <= 0 { break }
                offset += written
            }
        }
        if let savedModes { _ = tcsetattr(0, TCSANOW, savedModes) }
    }

    /// Calls the handler that was installed before ours, if it was a function.
    fileprivate static func callPrevious(_ signal: Int32, _ info: UnsafeMutablePointer<siginfo_t>?,
                                         _ context: UnsafeMutableRawPointer?) {
        guard let previousActions, Int(signal) < signalSlots else { return }
        let previous = previousActions[Int(signal)]
        if previous.sa_flags & SA_SIGINFO != 0 {
            previous.__sigaction_handler.sa_sigaction?(signal, info, context)
        } else if let handler = previous.__sigaction_handler.sa_handler,
                  unsafeBitCast(handler, to: Int.self) > 1 {   // not SIG_DFL (0) or SIG_IGN (1)
            handler(signal)
        }
    }

    /// Dies of `signal` the way it would have without us: the previous disposition, re-raised
    /// (it is blocked while this handler runs, so it is delivered as the handler returns).
    fileprivate static func reraise(_ signal: Int32) {
        if let previousActions, Int(signal) < signalSlots {
            _ = sigaction(signal, previousActions + Int(signal), nil)
        } else {
            _ = Glibc.signal(signal, SIG_DFL)
        }
        _ = raise(signal)
    }

    // The state below is read by signal handlers, so it is plain memory prepared before any
    // handler is installed and only replaced while none is. `nonisolated(unsafe)` is safe
    // because the loop thread writes these only in `prepare`/`install`/`uninstall`, before
    // handlers are installed or after they are removed; handlers only read them, except
    // `terminationCount`, an Int32 (a single aligned store, as sig_atomic_t is) that only
    // handlers and `install` touch.
    nonisolated(unsafe) fileprivate static var wakeFD: Int32 = -1
    nonisolated(unsafe) fileprivate static var terminationCount: Int32 = 0
    nonisolated(unsafe) fileprivate static var screenActive: Int32 = 0
    nonisolated(unsafe) private static var emergencyBytes: UnsafeMutablePointer<UInt8>?
    nonisolated(unsafe) private static var emergencyCount = 0
    nonisolated(unsafe) private static var savedModes: UnsafeMutablePointer<termios>?
    nonisolated(unsafe) private static var previousActions: UnsafeMutablePointer<sigaction>?
    nonisolated(unsafe) private static var atexitRegistered = false
    private static let signalSlots = 65
}

private typealias SignalHandler = @convention(c) (Int32, UnsafeMutablePointer<siginfo_t>?, UnsafeMutableRawPointer?) -> Void

private let onTermination: SignalHandler = { signal, _, _ in
    let savedErrno = errno
    defer { errno = savedErrno }
    SignalHandlers.terminationCount += 1
    if SignalHandlers.terminationCount > 1 {
        SignalHandlers.emergencyRestore()
        SignalHandlers.reraise(signal)
        return
    }
    let fd = SignalHandlers.wakeFD
    if fd >= 0 { WakePipe.poke(fd, byte: UInt8(truncatingIfNeeded: signal)) }
}

private let onResize: SignalHandler = { signal, info, context in
    let savedErrno = errno
    defer { errno = savedErrno }
    SignalHandlers.callPrevious(signal, info, context)
    let fd = SignalHandlers.wakeFD
    if fd >= 0 { WakePipe.poke(fd, byte: UInt8(truncatingIfNeeded: signal)) }
}

private let onFatal: SignalHandler = { signal, _, _ in
    SignalHandlers.emergencyRestore()
    SignalHandlers.reraise(signal)
}
