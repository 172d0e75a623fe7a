import LDAPDirectory
import Logging
import PersistentChatDirectory

/// `pchatd check-directory`: for an administrator setting the directory up, connects to it as server.yaml says,
/// finds one user and tells which rule admits or refuses them, without their password.
public enum DirectoryCheck {
    /// What the check found, line by line, and whether the user may sign in (with the right password).
    public struct Report: Sendable {
        public var lines: [String] = []
        public var admitted = false
    }

    /// Checks `user` (a `sip:` URI) against the directory `configuration` names.
    public static func run(_ configuration: ServerConfiguration, user: String, logger: Logger) async -> Report {
        var report = Report()
        guard let uri = SIPAddress.normalize(user) else {
            report.lines.append("'\(user)' is not a sip:user@domain URI")
            return report
        }
        let directory: Directory
        switch configuration.directory {
        case .ldif(let path):
            report.lines.append("directory: the LDIF file \(path)")
            do {
                directory = try Directory.load(ldifAt: path, logger: logger)
            } catch {
                report.lines.append("cannot load it: \(error)")
                return report
            }
            report.lines.append("loaded: \(directory.allEntries.count) entries")
            guard let entry = directory.entry(sipAddress: uri) else {
                report.lines.append("\(uri): no entry has this msRTCSIP-PrimaryUserAddress")
                return report
            }
            describe(entry, uri: uri, base: nil, into: &report)
        case .ldap(let settings):
            let tls = settings.connection.url.isLDAPS ? "ldaps" : settings.connection.startTLS ? "StartTLS" : "no TLS"
            report.lines.append("directory: \(settings.connection.url) (\(tls)\(settings.connection.caFile.map { ", CA file \($0)" } ?? "")), base \(settings.baseDN)")
            let activeDirectory = ActiveDirectory(settings: settings, logger: logger)
            let account = settings.serviceAccount.map { "bound as \($0.dn)" } ?? "anonymous"
            do {
                try await activeDirectory.checkConnection()
                report.lines.append("connected, \(account), base DN readable")
                let found = try await activeDirectory.lookUp(sipURI: uri)
                guard found.count == 1, let first = found.first else {
                    let filter = settings.userFilter.map { " and the user filter \($0)" } ?? ""
                    let names = found.map { result in (try? result.get()).map(\.dn.description) ?? "an entry that cannot be read" }
                    report.lines.append(found.isEmpty
                        ? "\(uri): no entry under \(settings.baseDN) has this msRTCSIP-PrimaryUserAddress\(filter)"
                        : "\(uri): \(found.count) entries have this address (\(names.joined(separator: "; "))); sign-in refuses it")
                    return report
                }
                let entry: DirectoryEntry
                switch first {
                case .success(let read): entry = read
                case .failure(let error):
                    report.lines.append("\(uri): the entry cannot be used: \(error)")
                    return report
                }
                describe(entry, uri: uri, base: settings.baseDN, into: &report)
                let read = ContinuousClock.now
                directory = try await activeDirectory.readDirectory()
                let groups = directory.groups(of: entry.dn).map(\.description).sorted()
                report.lines.append("read the directory: \(directory.allEntries.count) entries in \(ContinuousClock.now - read)")
                report.lines.append("groups (nested included): \(groups.isEmpty ? "none" : groups.joined(separator: "; "))")
            } catch {
                report.lines.append("the directory cannot be used: \(error)")
            }
        }
        return report
    }

    /// The entry's attributes that the identity rule reads, and the rule's verdict.
    private static func describe(_ entry: DirectoryEntry, uri: String, base: DistinguishedName?, into report: inout Report) {
        report.lines.append("\(uri): \(entry.dn)")
        report.lines.append("  objectClass: \(entry.objectClasses.joined(separator: ", ")) (\(entry.kind))")
        report.lines.append("  userAccountControl ACCOUNTDISABLE: \(entry.isAccountDisabled ? "set (disabled)" : "not set")")
        report.lines.append("  msRTCSIP-UserEnabled: \(entry.isSIPEnabled ? "TRUE" : "not TRUE")")
        if let refusal = IdentityRules.refusal(of: entry, uri: uri, base: base) {
            report.lines.append("refused: \(refusal.code): \(refusal.message)")
        } else {
            report.admitted = true
            report.lines.append("admitted: \(uri) may sign in with the right password")
        }
    }
}
