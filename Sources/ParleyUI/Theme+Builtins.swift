/// The themes Parley ships with. `themes/*.toml` hold the same values (a test keeps them in
/// step), so users can copy one and edit it.
extension Theme {
    public static let dark = Theme(name: "dark", styles: [
        "text": .fg(252), "dim": .fg(244), "user": .fg(153), "user_label": .fg(75, .bold),
        "assistant_label": .fg(114, .bold), "heading": .fg(221, .bold), "bold": .attrs(.bold),
        "italic": .attrs(.italic), "inline_code": .fg(216, bg: 236), "code_block": .fg(250, bg: 235),
        "quote": .fg(246, .italic), "bullet": .fg(75),
        "status_bar": .fg(252, bg: 237), "status_accent": .fg(114, bg: 237, .bold),
        "warning": .fg(214), "error": .fg(203, .bold), "ok": .fg(114), "retry": .fg(221),
        "selection": .fg(255, bg: 24), "match": .fg(215, .bold, .underline), "border": .fg(240),
        "title": .fg(75, .bold), "hint": .fg(244, .italic), "mark": .fg(213, .bold),
        "input": .fg(255), "input_prompt": .fg(75, .bold),
        "code_keyword": .fg(176, .bold), "code_string": .fg(150), "code_comment": .fg(244, .italic), "code_number": .fg(215),
        "background": .plain,
    ])

    public static let light = Theme(name: "light", styles: [
        "text": .fg(235), "dim": .fg(243), "user": .fg(25), "user_label": .fg(25, .bold),
        "assistant_label": .fg(28, .bold), "heading": .fg(130, .bold), "bold": .attrs(.bold),
        "italic": .attrs(.italic), "inline_code": .fg(124, bg: 254), "code_block": .fg(236, bg: 255),
        "quote": .fg(242, .italic), "bullet": .fg(25),
        "status_bar": .fg(235, bg: 252), "status_accent": .fg(28, bg: 252, .bold),
        "warning": .fg(166), "error": .fg(160, .bold), "ok": .fg(28), "retry": .fg(136),
        "selection": .fg(16, bg: 153), "match": .fg(166, .bold, .underline), "border": .fg(248),
        "title": .fg(25, .bold), "hint": .fg(243, .italic), "mark": .fg(127, .bold),
        "input": .fg(16), "input_prompt": .fg(25, .bold),
        "code_keyword": .fg(90, .bold), "code_string": .fg(28), "code_comment": .fg(244, .italic), "code_number": .fg(130),
        "background": .fg(235, bg: 231),
    ])

    /// Pure black and white plus the six brightest colours, bold where it matters.
    public static let highContrast = Theme(name: "high-contrast", styles: [
        "text": .fg(231), "dim": .fg(250), "user": .fg(51, .bold), "user_label": .fg(51, .bold, .underline),
        "assistant_label": .fg(46, .bold, .underline), "heading": .fg(226, .bold, .underline),
        "bold": .attrs(.bold), "italic": .attrs(.italic, .underline), "inline_code": .fg(16, bg: 228),
        "code_block": .fg(231, bg: 16), "quote": .fg(250, .italic), "bullet": .fg(226, .bold),
        "status_bar": .fg(16, bg: 231), "status_accent": .fg(16, bg: 231, .bold),
        "warning": .fg(226, .bold), "error": .fg(196, .bold, .reverse), "ok": .fg(46, .bold),
        "retry": .fg(226), "selection": .fg(16, bg: 226, .bold), "match": .fg(201, .bold, .underline),
        "border": .fg(231), "title": .fg(231, .bold), "hint": .fg(250), "mark": .fg(201, .bold),
        "input": .fg(231, .bold), "input_prompt": .fg(226, .bold),
        "code_keyword": .fg(51, .bold), "code_string": .fg(46), "code_comment": .fg(250, .italic), "code_number": .fg(226),
        "background": .plain,
    ])

    /// After Arctic Ice Studio's Nord palette, mapped to the nearest 256-colour entries.
    public static let nord = Theme(name: "nord", styles: [
        "text": .fg(253), "dim": .fg(60), "user": .fg(110), "user_label": .fg(110, .bold),
        "assistant_label": .fg(108, .bold), "heading": .fg(222, .bold), "bold": .attrs(.bold),
        "italic": .attrs(.italic), "inline_code": .fg(180, bg: 237), "code_block": .fg(152, bg: 236),
        "quote": .fg(103, .italic), "bullet": .fg(109),
        "status_bar": .fg(253, bg: 238), "status_accent": .fg(108, bg: 238, .bold),
        "warning": .fg(179), "error": .fg(167, .bold), "ok": .fg(108), "retry": .fg(222),
        "selection": .fg(255, bg: 67), "match": .fg(180, .bold, .underline), "border": .fg(60),
        "title": .fg(110, .bold), "hint": .fg(103, .italic), "mark": .fg(139, .bold),
        "input": .fg(255), "input_prompt": .fg(110, .bold),
        "code_keyword": .fg(110, .bold), "code_string": .fg(150), "code_comment": .fg(103, .italic), "code_number": .fg(139),
        "background": .plain,
    ])

    /// No colours at all, for NO_COLOR and terminals without colour: only bold, underline,
    /// reverse and dim tell things apart.
    public static let monochrome = Theme(name: "monochrome", styles: [
        "text": .plain, "dim": .attrs(.dim), "user": .attrs(.bold), "user_label": .attrs(.bold, .underline),
        "assistant_label": .attrs(.bold), "heading": .attrs(.bold, .underline), "bold": .attrs(.bold),
        "italic": .attrs(.italic), "inline_code": .attrs(.underline), "code_block": .plain,
        "quote": .attrs(.dim), "bullet": .attrs(.bold),
        "status_bar": .attrs(.reverse), "status_accent": .attrs(.reverse, .bold),
        "warning": .attrs(.bold), "error": .attrs(.bold, .reverse), "ok": .plain, "retry": .attrs(.underline),
        "selection": .attrs(.reverse), "match": .attrs(.underline, .bold), "border": .attrs(.dim),
        "title": .attrs(.bold), "hint": .attrs(.dim), "mark": .attrs(.bold),
        "input": .plain, "input_prompt": .attrs(.bold),
        "code_keyword": .attrs(.bold), "code_string": .plain, "code_comment": .attrs(.dim), "code_number": .plain,
        "background": .plain,
    ])

    /// This theme with every colour removed (NO_COLOR on a user's own theme).
    public var withoutColour: Theme {
        Theme(name: name, styles: styles.mapValues(\.monochrome))
    }

    /// The theme as a TOML file, in the shape the config loader reads (see themes/*.toml).
    public var tomlText: String {
        var out = """
        # Parley colour theme "\(name)".
        #
        # Shape: `name` and one `[styles]` table. Each style is an inline table with optional keys
        #   fg, bg        "default", an ANSI name ("red", "bright-blue"), a 256-colour index as a
        #                 string ("75"), or "#rrggbb" (mapped to the nearest 256-colour entry).
        #                 Terminals with only 16 colours get the nearest ANSI colour.
        #   attrs         any of "bold", "italic", "underline", "reverse", "dim"
        # Roles left out fall back to the monochrome theme. Roles:
        #   \(Theme.Role.allCases.map(\.rawValue).joined(separator: " "))

        name = "\(name)"

        [styles]

        """
        for role in Theme.Role.allCases {
            guard let style = styles[role.rawValue] else { continue }
            var fields: [String] = []
            if style.foreground != .default { fields.append("fg = \"\(style.foreground.configText)\"") }
            if style.background != .default { fields.append("bg = \"\(style.background.configText)\"") }
            let attrs = style.attributes
            if !attrs.isEmpty { fields.append("attrs = [" + attrs.map { "\"\($0.rawValue)\"" }.joined(separator: ", ") + "]") }
            out += "\(role.rawValue) = { \(fields.joined(separator: ", ")) }\n"
        }
        return out
    }
}
