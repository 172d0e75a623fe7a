import Foundation
import PersistentChatProtocol
import SlapdFixture
import Synchronization
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// The browser test support itself: a real headless Chromium, driven through chromedriver, reads pchatd's pages, runs
/// scripts, works forms and file inputs, takes screenshots, reaches nothing but loopback, and is gone when its scope
/// ends.
@Suite(.serialized) struct BrowserSupportTests {
    static let suite = "BrowserSupportTests"

    /// A page made of `html`, as a `data:` URL (no server needed, nothing fetched).
    static func page(_ html: String) -> String {
        "data:text/html;charset=utf-8," + (html.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")
    }

    /// The width and height in a PNG's header (nil for data that is no PNG).
    static func pngSize(_ png: Data) -> (width: Int, height: Int)? {
        let bytes = [UInt8](png)
        guard bytes.count > 24, bytes.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) else { return nil }
        let number = { (offset: Int) in bytes[offset..<offset + 4].reduce(0) { $0 << 8 | Int($1) } }
        return (number(16), number(20))
    }

    @Test func readsAServerPageRunsScriptsAndTakesAScreenshot() async throws {
        try await withTestServer { server in
            try await withBrowser { browser in
                let url = "http://127.0.0.1:\(server.port)/health"
                try await browser.navigate(to: url)
                #expect(try await browser.currentURL == url)
                #expect(try await browser.find("body").text == "ok")
                #expect(try await browser.executeScript("return document.body.textContent") == "ok\n")
                #expect(try await browser.executeScript("return arguments[0] * arguments[1]", [6, 7]).int == 42)
                let answer = try await browser.executeAsyncScript("""
                    const done = arguments[arguments.length - 1];
                    setTimeout(() => done({path: location.pathname, list: [1, true, null]}), 50);
                    """)
                #expect(answer == ["path": "/health", "list": [1, true, .null]])
                // The proxy that keeps the browser off the network lets WebSockets to loopback through.
                let socket = try await browser.executeAsyncScript("""
                    const done = arguments[arguments.length - 1];
                    const socket = new WebSocket(arguments[0]);
                    socket.onopen = () => { socket.close(); done('open'); };
                    socket.onerror = () => done('error');
                    """, [.string("ws://127.0.0.1:\(server.port)\(ProtocolLimits.webSocketPath)")])
                #expect(socket == "open")

                let file = try TestOutput.screenshot(suite: Self.suite, name: "health")
                try? FileManager.default.removeItem(at: file)
                try await browser.saveScreenshot(to: file)
                let size = try #require(Self.pngSize(try Data(contentsOf: file)))
                let viewport = try await browser.viewportSize()
                #expect(size == viewport)
            }
        }
    }

    @Test func failuresNameWhatWasAskedAndAwaited() async throws {
        try await withBrowser { browser in
            try await browser.navigate(to: Self.page("<p id=here>here</p>"))
            #expect(try await browser.find("#here").text == "here")
            let missing = await #expect(throws: WebDriverError.self) { try await browser.find("#not-there") }
            #expect(missing?.is(.noSuchElement) == true)
            #expect(missing?.command == "find element \"#not-there\"")
            #expect(missing.map { "\($0)".contains("Unable to locate element") } == true)
            #expect(try await browser.findAll("#not-there").isEmpty)

            let timeout = await #expect(throws: BrowserWaitTimeout.self) {
                try await browser.waitForElement("#not-there", timeout: .milliseconds(300))
            }
            #expect(timeout.map { "\($0)".hasPrefix("timed out after 0.3 seconds waiting for an element matching \"#not-there\"") } == true)
            #expect((timeout?.lastError as? WebDriverError)?.is(.noSuchElement) == true)

            let thrown = await #expect(throws: WebDriverError.self) { try await browser.executeScript("throw new Error('boom')") }
            #expect(thrown?.is(.javascriptError) == true)
            #expect(thrown?.message.contains("boom") == true)
        }
    }

    @Test func formsButtonsAndFileInputsWork() async throws {
        let html = """
            <form id=form onsubmit="event.preventDefault(); out.textContent = 'sent ' + message.value; console.log('sent', message.value)">
              <input id=message name=message value=draft><button id=send>Send</button><button id=off type=button disabled>Off</button>
            </form>
            <div id=hidden style="display:none">secret</div>
            <input id=file type=file onchange="out.textContent = this.files[0].name + ' ' + this.files[0].size">
            <p id=out></p>
            """
        try await withTestFolder { folder in
            let upload = folder.appendingPathComponent("notes.txt")
            try Data("twelve bytes".utf8).write(to: upload)
            try await withBrowser { browser in
                try await browser.navigate(to: Self.page(html))
                let message = try await browser.find("#message")
                #expect(try await message.attribute("name") == "message")
                #expect(try await message.attribute("placeholder") == nil)
                #expect(try await message.property("value") == "draft")
                try await message.clear()
                try await message.sendKeys("hello" + Keys.enter)
                let out = try await browser.find("#out")
                try await browser.waitUntil("the form to be sent") { try await out.text == "sent hello" }

                let hidden = try await browser.find("#hidden")
                #expect(try await !hidden.isDisplayed)
                #expect(try await hidden.text == "")
                #expect(try await hidden.property("textContent") == "secret")
                #expect(try await !browser.find("#off").isEnabled)
                #expect(try await browser.find("#send").isEnabled)
                #expect(try await browser.findAll("input").count == 2)
                #expect(try await browser.find("#form").find("button").tagName == "button")

                try await browser.find("#file").setFile(upload)
                try await browser.waitUntil("the file to be chosen") { try await out.text == "notes.txt 12" }
                await #expect(throws: BrowserSetupError.self) {
                    try await browser.find("#file").setFile(folder.appendingPathComponent("missing.txt"))
                }

                try await browser.find("#send").click()
                #expect(try await browser.consoleLog().filter { $0.message.contains("sent") }.count == 2)

                try await browser.reload()
                #expect(try await browser.find("#out").text == "")
            }
        }
    }

    @Test func aPhoneSizedViewportIsExact() async throws {
        try await withBrowser { browser in
            try await browser.navigate(to: Self.page("<p>phone</p>"))
            try await browser.setViewport(width: 390, height: 844)
            #expect(try await browser.viewportSize() == (390, 844))
            let size = try #require(Self.pngSize(try await browser.screenshot()))
            #expect(size == (390, 844))
        }
    }

    @Test func twoBrowsersKeepTheirOwnStorage() async throws {
        try await withTestServer { server in
            try await withBrowsers(count: 2) { browsers in
                #expect(browsers.count == 2)
                for (index, browser) in browsers.enumerated() {
                    try await browser.navigate(to: "http://127.0.0.1:\(server.port)/health")
                    try await browser.executeScript("localStorage.setItem('who', arguments[0])", [.string("browser \(index)")])
                }
                for (index, browser) in browsers.enumerated() {
                    #expect(try await browser.executeScript("return localStorage.getItem('who')") == .string("browser \(index)"))
                    #expect(browser.chromiumIsRunning)
                }
                #expect(Set(browsers.map(\.profile)).count == 2)
                #expect(Set(browsers.compactMap(\.chromiumPID)).count == 2)
            }
        }
    }

    /// Every host name resolves to nothing and every request off loopback goes to a proxy at 127.0.0.1:9, where
    /// nothing listens: the page load fails (chromedriver reports the net error) and Chromium shows its error page.
    @Test(arguments: ["http://example.com/", "https://example.com/", "http://192.0.2.1/"])
    func nonLoopbackAddressesAreNotReached(url: String) async throws {
        try await withBrowser { browser in
            let error = await #expect(throws: WebDriverError.self) { try await browser.navigate(to: url) }
            #expect(error?.message.contains("net::ERR_PROXY_CONNECTION_FAILED") == true)
            let page = try await browser.executeScript("return document.body ? document.body.innerText : ''").string ?? ""
            #expect(page.contains("ERR_PROXY_CONNECTION_FAILED"))
            #expect(!page.contains("Example Domain"))
        }
    }

    @Test(arguments: [false, true])
    func theScopeEndsEverythingItStarted(bodyThrows: Bool) async throws {
        struct Failure: Error {}
        let left = Mutex<Browser?>(nil)
        do {
            try await withBrowser { browser in
                left.withLock { $0 = browser }
                #expect(browser.chromiumIsRunning)
                #expect(LoopbackPort.accepts(browser.driver.port))
                if bodyThrows { throw Failure() }
            }
        } catch is Failure {}
        let browser = try #require(left.withLock { $0 })
        #expect(!LoopbackPort.accepts(browser.driver.port))
        #expect(browser.driver.hasExited)
        #expect(kill(browser.driver.pid, 0) == -1 && errno == ESRCH)
        #expect(!browser.chromiumIsRunning)
        #expect(!FileManager.default.fileExists(atPath: browser.profile.path))
        #expect(!FileManager.default.fileExists(atPath: browser.driver.log.path))
    }
}
