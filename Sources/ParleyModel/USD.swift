import Foundation

/// Money as Parley shows it, everywhere (the chat's figures, the usage table and overlay, budget
/// refusals, the fallback log, route reasons, comparison tables). One rule:
/// - zero is `$0` (nothing was spent: there is no precision to show);
/// - a cent or more shows cents: `$0.98`, `$1.00`, `$12.50`;
/// - under a cent shows two significant digits, so cheap answers do not all read `$0.00`:
///   `$0.0031`, `$0.00012`, `$0.0010`.
/// Prices per million tokens (`$3`, `$0.15`, `free`) are a different quantity with their own form.
public enum USD {
    public static func format(_ amount: Double) -> String {
        guard amount.isFinite else { return "$?" }
        if amount == 0 { return "$0" }
        let size = abs(amount)
        if size >= 0.01 { return String(format: "$%.2f", amount) }
        // Digits after the point up to the first significant one, plus one more; at most ten.
        let decimals = min(10, Int((-log10(size)).rounded(.up)) + 1)
        return String(format: "$%.\(decimals)f", amount)
    }
}
