import Foundation

/// The C programs in Tests/ComponentPrograms, built into WASI preview 2
/// components by `scripts/build-component-programs` (pinned tools from PyPI,
/// Debian's clang-16), once per test process.
public enum ComponentPrograms {
    /// The package's root directory.
    public static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The directory holding `NAME.wasm`, or why the programs cannot be built here.
    public static let built = directory(printedBy: "scripts/build-component-programs")

    /// Runs a script of the package that prepares fixtures and prints the
    /// directory holding them; its exit status 2 means the registry or the
    /// toolchain is missing here (a skip), any other failure is real.
    public static func directory(printedBy script: String) -> Result<URL, SkipReason> {
        let process = Process()
        process.executableURL = root.appendingPathComponent(script)
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        do {
            try process.run()
        } catch {
            return .failure(SkipReason(message: "cannot run \(script): \(error)", isSkip: false))
        }
        let printed = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let complaint = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        switch process.terminationStatus {
        case 0: return .success(URL(fileURLWithPath: printed.trimmingCharacters(in: .whitespacesAndNewlines)))
        case 2:
            print("Tests needing \(script) skipped: \(complaint)")
            return .failure(SkipReason(message: complaint, isSkip: true))
        default: return .failure(SkipReason(message: complaint, isSkip: false))
        }
    }

    /// Why fixtures cannot be had: a skip, or a real failure.
    public struct SkipReason: Error, CustomStringConvertible {
        public var message: String
        /// True when the registry or toolchain is missing; false for a real failure, which fails the tests.
        public var isSkip: Bool
        public var description: String { message }

        public init(message: String, isSkip: Bool) {
            self.message = message
            self.isSkip = isSkip
        }
    }

    /// Whether the tests run: a real build failure runs them, so they fail.
    public static var runnable: Bool {
        if case .failure(let reason) = built, reason.isSkip { return false }
        return true
    }

    /// Why the tests are skipped, for their suite's trait.
    public static var skipMessage: String {
        if case .failure(let reason) = built { return reason.message }
        return "built"
    }

    /// The path of `NAME.wasm`.
    ///
    /// - Throws: ``SkipReason`` when the programs could not be built.
    public static func path(_ name: String) throws -> String {
        try built.get().appendingPathComponent("\(name).wasm").path
    }
}
