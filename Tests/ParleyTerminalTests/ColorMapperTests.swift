import Testing
import ParleyUI
@testable import ParleyTerminal

@Suite("ColorMapper")
struct ColorMapperTests {
    @Test("256-palette entries fold to the nearest of 16",
          arguments: [
            (UInt8(0), UInt8(0)), (9, 9), (15, 15),
            (16, 0), (196, 9), (46, 10), (21, 4), (226, 11), (201, 13), (51, 14), (231, 15),
            (232, 0), (244, 8), (250, 7), (255, 7), (124, 1), (28, 2), (208, 3),
          ])
    func nearest(index: UInt8, expected: UInt8) {
        #expect(ColorMapper.nearestANSI(toPalette: index) == expected)
    }

    @Test("on an 8-colour terminal everything lands in 0-7")
    func eightColors() {
        for index in 0...255 {
            #expect(ColorMapper.nearestANSI(toPalette: UInt8(index), limit: 8) < 8)
        }
        #expect(ColorMapper.nearestANSI(toPalette: 9, limit: 8) == 1)
        let mapper = ColorMapper(colors: 8, defaultColorsAvailable: true)
        #expect(mapper.foreground(.ansi(12)) == 4)
    }

    @Test("256-colour terminals take the palette as is")
    func passthrough() {
        let mapper = ColorMapper(colors: 256, defaultColorsAvailable: true)
        #expect(mapper.foreground(.palette(208)) == 208)
        #expect(mapper.background(.ansi(3)) == 3)
        #expect(ColorMapper(colors: 16, defaultColorsAvailable: true).foreground(.palette(208)) == 3)
    }

    @Test("default is -1, or white on black without use_default_colors")
    func defaults() {
        #expect(ColorMapper(colors: 256, defaultColorsAvailable: true).foreground(.default) == -1)
        #expect(ColorMapper(colors: 256, defaultColorsAvailable: true).background(.default) == -1)
        #expect(ColorMapper(colors: 8, defaultColorsAvailable: false).foreground(.default) == 7)
        #expect(ColorMapper(colors: 8, defaultColorsAvailable: false).background(.default) == 0)
    }

    @Test("the cube and grey ramp")
    func rgb() {
        #expect(ColorMapper.rgb(ofPalette: 16) == (0, 0, 0))
        #expect(ColorMapper.rgb(ofPalette: 196) == (255, 0, 0))
        #expect(ColorMapper.rgb(ofPalette: 67) == (95, 135, 175))
        #expect(ColorMapper.rgb(ofPalette: 232) == (8, 8, 8))
        #expect(ColorMapper.rgb(ofPalette: 255) == (238, 238, 238))
    }
}

@Suite("ColorPairCache")
struct ColorPairCacheTests {
    final class Recorder { var calls: [[Int16]] = [] }

    @Test("pairs are allocated once per combination; default/default is pair 0")
    func allocation() {
        let recorder = Recorder()
        var cache = ColorPairCache(limit: 64) { recorder.calls.append([$0, $1, $2]) }
        #expect(cache.pair(foreground: -1, background: -1) == 0)
        #expect(cache.pair(foreground: 1, background: -1) == 1)
        #expect(cache.pair(foreground: 2, background: 4) == 2)
        #expect(cache.pair(foreground: 1, background: -1) == 1)
        #expect(recorder.calls == [[1, 1, -1], [2, 2, 4]])
    }

    @Test("when pairs run out, pair 0")
    func exhaustion() {
        var cache = ColorPairCache(limit: 3) { _, _, _ in }
        #expect(cache.pair(foreground: 1, background: 0) == 1)
        #expect(cache.pair(foreground: 2, background: 0) == 2)
        #expect(cache.pair(foreground: 3, background: 0) == 0)
        #expect(cache.count == 2)
    }
}
