import Foundation

/// The capabilities a test browser is created with: headless Chromium that may reach 127.0.0.1 only.
enum ChromiumOptions {
    /// Debian's Chromium binary itself, not its launcher script /usr/bin/chromium: the script sources
    /// /etc/chromium.d, which adds `--enable-remote-extensions` and `--load-extension` (and, with remote extensions
    /// on, leaves out its own `--disable-background-networking`).
    static var binary: String {
        let real = "/usr/lib/chromium/chromium"
        return FileManager.default.isExecutableFile(atPath: real) ? real : "/usr/bin/chromium"
    }

    /// Headless, and no traffic but to loopback: every host name resolves to nothing but 127.0.0.1, every request
    /// that is not to loopback goes to a proxy on 127.0.0.1:9 (the discard port, where nothing listens), and the
    /// background services that would call home are off.
    ///
    /// So pages must be asked for at `http://127.0.0.1:<port>`: `localhost`, `[::1]` and 127.0.0.2 do not resolve
    /// (`net::ERR_NAME_NOT_RESOLVED`). The only other address Chromium touches is its IPv6 reachability probe: a UDP
    /// socket connected to 2001:4860:4860::8888 to read the route, on which nothing is sent.
    static func arguments(profile: URL, width: Int = 1280, height: Int = 900) -> [String] {
        [
            "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=\(width),\(height)",
            "--user-data-dir=\(profile.path)",
            "--no-first-run", "--no-default-browser-check", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--disable-default-apps", "--disable-domain-reliability",
            // Not a switch of Chromium 156 any more (its binary has no such name; unknown switches are ignored, and
            // chromedriver adds it anyway); kept for older builds.
            "--disable-client-side-phishing-detection",
            "--metrics-recording-only", "--no-pings", "--disable-breakpad",
            "--proxy-server=http://127.0.0.1:9", "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1",
        ]
    }

    /// The body of `POST /session`: W3C capabilities with the arguments above, the browser's console kept for
    /// ``Browser/consoleLog()``, and page loads and scripts limited to 30 s.
    static func sessionRequest(profile: URL) -> JSONValue {
        let options: JSONValue = [
            "binary": .string(binary),
            "args": .array(arguments(profile: profile).map(JSONValue.string)),
        ]
        let capabilities: JSONValue = [
            "browserName": "chrome",
            "goog:chromeOptions": options,
            "goog:loggingPrefs": ["browser": "ALL"],
            "timeouts": ["implicit": 0, "pageLoad": 30_000, "script": 30_000],
        ]
        return ["capabilities": ["alwaysMatch": capabilities]]
    }
}
