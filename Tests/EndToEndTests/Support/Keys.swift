/// The W3C WebDriver codes of keys that are not characters, for ``BrowserElement/sendKeys(_:)``
/// (`"hello" + Keys.enter`).
enum Keys {
    static let backspace = "\u{E003}"
    static let tab = "\u{E004}"
    static let enter = "\u{E007}"
    static let shift = "\u{E008}"
    static let control = "\u{E009}"
    static let escape = "\u{E00C}"
    static let pageUp = "\u{E00E}"
    static let pageDown = "\u{E00F}"
    static let end = "\u{E010}"
    static let home = "\u{E011}"
    static let arrowLeft = "\u{E012}"
    static let arrowUp = "\u{E013}"
    static let arrowRight = "\u{E014}"
    static let arrowDown = "\u{E015}"
    static let delete = "\u{E017}"
}
