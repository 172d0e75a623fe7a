import Foundation
import Logging
import YAMLConfig

/// The log of a daemon's process (pchatd, bothost): standard error, as text or JSON lines.
public enum ProcessLogging {
    /// Logs to standard error at `level` in `format` and returns the root logger labelled `label`.
    public static func bootstrap(label: String, level: Logger.Level, format: LogFormat) -> Logger {
        LoggingSystem.bootstrap { name in
            switch format {
            case .text:
                var handler = StreamLogHandler.standardError(label: name)
                handler.logLevel = level
                return handler
            case .json:
                var handler = JSONLogHandler.standardError(label: name)
                handler.logLevel = level
                return handler
            }
        }
        return Logger(label: label)
    }

    /// The format to log in: `option` (the command line's `--log-format`), else the `log_format` of the
    /// configuration file at `path`, else text.
    public static func format(option: LogFormat?, configurationFile path: String) -> LogFormat {
        option ?? LogFormat.declared(inFile: path) ?? .text
    }

    /// Reports an error that stops the process: a plain `program: error` line in text, a `critical` record in JSON,
    /// so a log shipper reading JSON sees it too.
    public static func fatal(_ text: String, program: String, format: LogFormat, logger: Logger) {
        switch format {
        case .text: FileHandle.standardError.write(Data("\(program): \(text)\n".utf8))
        case .json: logger.critical("\(text)")
        }
    }
}
