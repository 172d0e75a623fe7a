import Foundation
import PackagePlugin

/// Embeds the web client (the package's `WebClient/` folder) into the target that uses this plugin: every file
/// becomes an entry of `WebClientAssets.embedded`, so pchatd serves the client without a folder beside it.
@main
struct EmbedWebClient: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: any Target) async throws -> [Command] {
        let folder = context.package.directoryURL.appending(path: "WebClient")
        let output = context.pluginWorkDirectoryURL.appending(path: "EmbeddedWebClient.swift")
        return [.buildCommand(
            displayName: "Embedding the web client",
            executable: try context.tool(named: "embed-web-client").url,
            arguments: [folder.path(percentEncoded: false), output.path(percentEncoded: false)],
            inputFiles: Self.files(in: folder),
            outputFiles: [output])]
    }

    /// The files under `folder`, so that changing any of them embeds again.
    static func files(in folder: URL) -> [URL] {
        let walker = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: [.isRegularFileKey],
                                                    options: [.skipsHiddenFiles])
        var files: [URL] = []
        while let file = walker?.nextObject() as? URL {
            if (try? file.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true { files.append(file) }
        }
        return files
    }
}
