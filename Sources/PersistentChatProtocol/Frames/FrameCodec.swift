import Foundation

/// Encodes and decodes frames as UTF-8 JSON text.
public struct FrameCodec: Sendable {
    public init() {}

    /// Encodes any frame as one JSON text.
    public func encode(_ frame: some Encodable) throws -> String {
        let data = try JSONEncoder().encode(frame)
        return String(decoding: data, as: UTF8.self)
    }

    /// Encodes a server frame as UTF-8 JSON bytes: messages and the replies that carry many messages are written by
    /// hand (``HotFrames``), every other frame by `JSONEncoder`.
    public func encodeBytes(_ frame: ServerFrame) throws -> [UInt8] {
        switch frame {
        case .message(let message):
            if let bytes = HotFrames.message(message) { return bytes }
        case .reply(let seq, let command, let data):
            if let bytes = HotFrames.reply(seq: seq, command: command, data: data) { return bytes }
        case .failure, .notice:
            break
        }
        return Array(try JSONEncoder().encode(frame))
    }

    /// A client frame that could not be decoded: the `seq` it carried (0 if unreadable) and why.
    public struct ClientFrameFailure: Error, Sendable {
        public var seq: Int
        public var error: FrameError
    }

    /// Decodes a client frame, turning every failure into a ``FrameError`` with the frame's `seq` when it can be read.
    public func decodeClientFrame(_ text: String) -> Result<ClientFrame, ClientFrameFailure> {
        if let post = HotFrameReader.post(in: text) { return .success(post) }
        let data = Data(text.utf8)
        do {
            return .success(try JSONDecoder().decode(ClientFrame.self, from: data))
        } catch let error as FrameError {
            return .failure(ClientFrameFailure(seq: Self.seq(in: data), error: error))
        } catch let error as DecodingError {
            return .failure(ClientFrameFailure(seq: Self.seq(in: data), error: FrameError(.invalidArgument, .malformedFrame, Self.describe(error))))
        } catch {
            return .failure(ClientFrameFailure(seq: Self.seq(in: data), error: FrameError(.invalidArgument, .malformedFrame, "malformed frame: \(error)")))
        }
    }

    /// Decodes a server frame; a reply's data stays undecoded until its requester asks for its type.
    public func decodeServerFrame(_ text: String) throws -> InboundFrame {
        if let message = HotFrameReader.message(in: text) { return .message(message) }
        if let (seq, command, reply) = HotFrameReader.reply(in: text) { return .reply(seq: seq, command: command, reply) }
        let frame = try JSONDecoder().decode(InboundFrame.self, from: Data(text.utf8))
        if case .reply(let seq, let command, _) = frame {
            return .reply(seq: seq, command: command, RawReply(text: text))
        }
        return frame
    }

    private struct SeqOnly: Decodable { var seq: Int }

    private static func seq(in data: Data) -> Int {
        (try? JSONDecoder().decode(SeqOnly.self, from: data))?.seq ?? 0
    }

    /// A one-line account of a decoding error that names the offending key.
    public static func describe(_ error: DecodingError) -> String {
        func path(_ context: DecodingError.Context) -> String {
            let keys = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }
            return keys.isEmpty ? "frame" : "'" + keys.joined(separator: ".") + "'"
        }
        switch error {
        case .keyNotFound(let key, let context):
            let parent = context.codingPath.isEmpty ? "frame" : path(context)
            return "missing key '\(key.stringValue)' in \(parent)"
        case .typeMismatch(let type, let context):
            return "wrong type at \(path(context)): expected \(type)"
        case .valueNotFound(let type, let context):
            return "missing value at \(path(context)): expected \(type)"
        case .dataCorrupted(let context):
            if context.codingPath.isEmpty {
                return "malformed JSON: \(context.debugDescription)"
            }
            return "invalid value at \(path(context)): \(context.debugDescription)"
        @unknown default:
            return "malformed frame"
        }
    }
}
