import Hummingbird
import HTTPTypes
import NIOCore

/// Serves the web client at `/` beside the chat WebSocket and the file routes: `index.html` at `/` and each file at
/// its path. Files are revalidated on every load (`no-cache` with an ETag), so a new pchatd is never shadowed by a
/// cached script of the old one.
struct WebClientRoutes: Sendable {
    let assets: WebClientAssets
    /// The exact origins the page may frame (the registered add-ins'), read at each request so a reload applies.
    let frameOrigins: @Sendable () -> [String]

    func add(to router: Router<BasicRequestContext>) {
        for path in assets.files.keys.sorted() {
            guard let asset = assets.files[path] else { continue }
            router.get(RouterPath("/\(path)")) { request, _ in serve(asset, request) }
            router.head(RouterPath("/\(path)")) { request, _ in serve(asset, request, withBody: false) }
            if path == "index.html" {
                router.get("/") { request, _ in serve(asset, request) }
                router.head("/") { request, _ in serve(asset, request, withBody: false) }
            }
        }
    }

    private func serve(_ asset: WebClientAssets.Asset, _ request: Request, withBody: Bool = true) -> Response {
        var headers = WebClientHeaders.fields(frameOrigins: frameOrigins())
        headers[.cacheControl] = "no-cache"
        headers[.eTag] = asset.etag
        if let tags = request.headers[.ifNoneMatch], tags.split(separator: ",").contains(where: {
            $0.trimmingCharacters(in: .whitespaces) == asset.etag || $0.trimmingCharacters(in: .whitespaces) == "*"
        }) {
            return Response(status: .notModified, headers: headers)
        }
        headers[.contentType] = asset.contentType
        headers[.contentLength] = String(asset.bytes.count)
        let body = withBody ? ResponseBody(byteBuffer: ByteBuffer(bytes: asset.bytes)) : ResponseBody()
        return Response(status: .ok, headers: headers, body: body)
    }
}
