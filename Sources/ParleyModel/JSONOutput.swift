public import Foundation

/// The one way Parley writes JSON for scripts (`--json` everywhere, `history` exports).
///
/// JSONEncoder and JSONSerialization escape only C0 controls, `"` and `\`; C1 controls
/// (U+0080–U+009F, where U+009B is a CSI to many terminals), bidi controls, zero-width
/// characters and U+2028/U+2029 pass through raw, so `parley ask --json … | cat` could still drive
/// a terminal or hide text. Here every such character inside a string becomes a `\uXXXX` escape:
/// a JSON reader gets exactly the same string back; only the raw bytes are harmless.
public enum JSONOutput {
    /// `value` encoded with sorted keys and unescaped slashes (plus `pretty` indentation), and
    /// the escapes above applied.
    public static func data<T: Encodable>(_ value: T, pretty: Bool = false,
                                          configure: (JSONEncoder) -> Void = { _ in }) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = pretty ? [.sortedKeys, .withoutEscapingSlashes, .prettyPrinted]
            : [.sortedKeys, .withoutEscapingSlashes]
        configure(encoder)
        return escapingControls(try encoder.encode(value))
    }

    /// `data(value)` as a string, ending without a newline.
    public static func string<T: Encodable>(_ value: T, pretty: Bool = false,
                                            configure: (JSONEncoder) -> Void = { _ in }) throws -> String {
        String(decoding: try data(value, pretty: pretty, configure: configure), as: UTF8.self)
    }

    /// Rewrites already-encoded JSON: these characters can only occur inside strings (everything
    /// outside a string is ASCII), where `\uXXXX` means the same character.
    public static func escapingControls(_ json: Data) -> Data {
        let text = String(decoding: json, as: UTF8.self)
        guard text.unicodeScalars.contains(where: mustEscape) else { return json }
        var out = ""
        out.reserveCapacity(json.count + 64)
        for scalar in text.unicodeScalars {
            if mustEscape(scalar) {
                out += "\\u" + hex4(scalar.value)
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return Data(out.utf8)
    }

    static func mustEscape(_ scalar: Unicode.Scalar) -> Bool {
        (0x7F...0x9F).contains(scalar.value) || TextSanitizer.isBidiControl(scalar)
            || TextSanitizer.isInvisibleFormat(scalar)
    }
}

/// `0x9b` → `009b`.
private func hex4(_ value: UInt32) -> String {
    let hex = String(value, radix: 16)
    return String(repeating: "0", count: max(0, 4 - hex.count)) + hex
}
