import ArgumentParser
import ParleyConfig

/// The check every time-limit flag shares: positive, and no more than the configuration allows
/// (`Duration.seconds(1e300)` traps, and NIO counts nanoseconds in an `Int64`).
enum SecondsFlag {
    static func validate(_ name: String, _ value: Double?) throws {
        guard let value else { return }
        guard value > 0, value <= ConfigLimits.maxSeconds else {
            throw ValidationError("\(name) must be a number of seconds above 0 and at most \(Int(ConfigLimits.maxSeconds)) (a day)")
        }
    }
}
