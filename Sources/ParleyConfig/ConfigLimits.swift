/// Ranges the configuration and the matching command-line flags share.
public enum ConfigLimits {
    /// The longest time any limit or wait may be set to: a day. Beyond it a value is a typo or an
    /// attack, and large ones (1e18, 1e300) would trap converting to `Duration` or NIO's
    /// nanosecond `TimeAmount`.
    public static let maxSeconds: Double = 86_400
}
