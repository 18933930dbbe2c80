import Foundation
import Testing
@testable import ParleyConfig

@Suite("Paths made standard as text")
struct PathNameTests {
    @Test(arguments: ["/", "/a", "/a/", "/a/./b", "/a/../b", "/a//b///c", "/a/b/..", "/a/b/../../..",
                      "/../a", "/a/.hidden/../x", "/a/b/./../c/.", "/.", "/a/..b/c", "/a/b.../..", "/a b/ü/../c"])
    func absolutePathsAreWhatFoundationMakesOfThem(_ path: String) {
        // None of these components exists, so Foundation has no symbolic link to resolve either.
        let base = "/nonexistent-\(UUID().uuidString)"
        #expect(PathName.standardized(base + path) == URL(fileURLWithPath: base + path).standardizedFileURL.path)
        #expect(PathName.standardized(path).hasPrefix("/"))
    }

    @Test func parentsAboveTheRootStayAtTheRoot() {
        #expect(PathName.standardized("/..") == "/")
        #expect(PathName.standardized("/../../a/..") == "/")
        #expect(PathName.standardized("/a/b/../../../c") == "/c")
    }

    @Test func relativePathsStayRelative() {
        #expect(PathName.standardized("a/./b/../c") == "a/c")
        #expect(PathName.standardized("../a/../../b") == "../../b")
        #expect(PathName.standardized("a/..") == ".")
    }

    @Test func theProgramsDirectoryIsAbsoluteAndHasNoLinks() throws {
        let directory = try #require(PathName.executableDirectory())
        #expect(directory.hasPrefix("/"))
        #expect(URL(fileURLWithPath: directory).resolvingSymlinksInPath().path == directory)
        var isDirectory: ObjCBool = false
        #expect(FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory) && isDirectory.boolValue)
    }
}
