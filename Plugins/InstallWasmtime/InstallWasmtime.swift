import Foundation
import PackagePlugin

/// `swift package install-wasmtime`: installs the Wasmtime C API library this package
/// links against, by running `scripts/install-wasmtime` from this package's checkout.
///
/// A package that depends on Wasmtime has no Makefile of ours to run, so this command
/// is its one step before `swift build`. Options:
///
///     --prefix DIR       install into DIR/lib (default: /usr/local when writable, else ~/.local)
///     --platform NAME    install NAME's library instead of the host's (see scripts/wasmtime-wheels)
///
/// The installer downloads a wheel from the Python Package Index and writes outside the
/// package, so SwiftPM asks for both permissions, for example:
///
///     swift package --allow-network-connections all \
///         --allow-writing-to-directory /usr/local/lib install-wasmtime
@main
struct InstallWasmtime: CommandPlugin {
    func performCommand(context: PluginContext, arguments: [String]) async throws {
        var extractor = ArgumentExtractor(arguments)
        let prefix = extractor.extractOption(named: "prefix").last
        let platform = extractor.extractOption(named: "platform").last
        guard extractor.remainingArguments.isEmpty else {
            throw InstallError(
                "unexpected arguments \(extractor.remainingArguments); use --prefix DIR and --platform NAME")
        }
        let installer = try Self.installer(in: context.package)

        // Everything pip and mktemp write goes under the plugin's work directory, which
        // SwiftPM's sandbox (macOS) lets the plugin write to.
        let work = context.pluginWorkDirectoryURL
        let temporary = work.appending(path: "tmp")
        try FileManager.default.createDirectory(at: temporary, withIntermediateDirectories: true)
        var environment = ProcessInfo.processInfo.environment
        environment["TMPDIR"] = temporary.path
        environment["PIP_CACHE_DIR"] = work.appending(path: "pip-cache").path
        environment["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
        if let prefix {
            environment["WASMTIME_PREFIX"] =
                URL(filePath: prefix, relativeTo: context.package.directoryURL)
                .standardizedFileURL.path
        }
        if let platform { environment["WASMTIME_PLATFORM"] = platform }

        let process = Process()
        process.executableURL = URL(filePath: "/bin/bash")
        process.arguments = [installer.path]
        process.environment = environment
        try process.run()
        process.waitUntilExit()
        guard process.terminationReason == .exit, process.terminationStatus == 0 else {
            throw InstallError(
                """
                \(installer.path) failed (status \(process.terminationStatus)); on macOS, a write or \
                network error means a permission is missing: pass --allow-network-connections all and \
                --allow-writing-to-directory <prefix>/lib to `swift package`
                """)
        }
        print("install-wasmtime: Wasmtime's C API library is installed (by \(installer.path)); next: swift build")
    }

    /// The installer in the checkout of the package named Wasmtime: the package the
    /// command runs on, or one of its (transitive) dependencies.
    static func installer(in root: Package) throws -> URL {
        var queue = [root]
        var seen = Set<Package.ID>()
        while !queue.isEmpty {
            let package = queue.removeFirst()
            guard seen.insert(package.id).inserted else { continue }
            let script = package.directoryURL.appending(path: "scripts/install-wasmtime")
            if package.displayName == "Wasmtime", FileManager.default.fileExists(atPath: script.path) {
                return script
            }
            queue += package.dependencies.map(\.package)
        }
        throw InstallError(
            "no checkout of the Wasmtime package with scripts/install-wasmtime among \(root.displayName)'s dependencies"
        )
    }
}

/// A failure of the install command, shown to the user as its message.
struct InstallError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
