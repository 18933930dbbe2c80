import Foundation
import Testing
@testable import ParleyUI

@Suite struct ThemeTests {
    @Test func builtinsDefineEveryRole() {
        for theme in Theme.builtins {
            for role in Theme.Role.allCases {
                #expect(theme.styles[role.rawValue] != nil, "\(theme.name) lacks \(role.rawValue)")
            }
        }
        #expect(Theme.builtins.count >= 5)
        #expect(Theme.named("High-Contrast") == .highContrast)
    }

    @Test func monochromeHasNoColours() {
        for style in Theme.monochrome.styles.values {
            #expect(style.foreground == .default && style.background == .default)
        }
        #expect(Theme.dark.withoutColour.styles.values.allSatisfy { $0.foreground == .default })
    }

    @Test func loaderConstructionFromPlainValues() throws {
        let user = try #require(Style(fg: "75", bg: "#000000", attributes: ["bold"]))
        #expect(user.foreground == .palette(75))
        #expect(user.background == .palette(16))
        #expect(user.bold)
        #expect(Style(fg: "bright-red", bg: nil)?.foreground == .ansi(9))
        #expect(Style(fg: "no-such-colour", bg: nil) == nil)
        #expect(Style(fg: nil, bg: nil, attributes: ["blink"]) == nil)
        let theme = Theme(name: "mine", styles: ["user": user], fallback: .dark)
        #expect(theme[.user] == user)
        #expect(theme[.error] == Theme.dark[.error])
    }

    @Test func paletteMapsDownToSixteenColours() {
        #expect(Color.palette(196).ansi16 == 9)    // bright red
        #expect(Color.palette(16).ansi16 == 0)     // black
        #expect(Color.palette(231).ansi16 == 15)   // white
        #expect(Color.palette(4).ansi16 == 4)
        #expect(Color.default.ansi16 == nil)
    }

    /// themes/*.toml are the built-ins written out; re-record with PARLEY_RECORD_THEMES=1.
    @Test func shippedThemeFilesMatchBuiltins() throws {
        let dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("themes")
        for theme in Theme.builtins {
            let url = dir.appendingPathComponent("\(theme.name).toml")
            if ProcessInfo.processInfo.environment["PARLEY_RECORD_THEMES"] == "1" {
                try theme.tomlText.write(to: url, atomically: true, encoding: .utf8)
            }
            let onDisk = try String(contentsOf: url, encoding: .utf8)
            #expect(onDisk == theme.tomlText, "themes/\(theme.name).toml is out of date")
        }
    }

    /// Issue 17: the light theme drew dark grey text on the terminal's own (dark) background.
    /// Every cell it draws carries its own colours, chat, overlays and blanks alike.
    @Test func lightThemePaintsEveryCell() {
        var state = makeState(width: 60, height: 16, theme: .light)
        _ = reduce(&state, .input(.key(.character("h"))))
        for overlay: Overlay? in [nil, .help(scroll: 0), .usage(scroll: 0)] {
            state.overlay = overlay
            let canvas = render(state)
            for y in 0..<canvas.height {
                for x in 0..<canvas.width {
                    let style = canvas[x, y].style
                    #expect(style.background != .default, "cell \(x),\(y) uses the terminal's background")
                    #expect(style.foreground != .default, "cell \(x),\(y) uses the terminal's foreground")
                }
            }
        }
    }

    @Test func darkThemesKeepTheTerminalsBackground() {
        let canvas = render(makeState(theme: .dark))
        #expect(canvas[0, 0].style.background == .default)
    }
}
