import PersistentChatProtocol

/// Preference bundles: opaque per-user blobs with a sequence id.
extension ServerCore {
    /// The bundle when the stored one is newer than the caller's; an empty default when asked and none exists.
    func getPreference(_ request: GetPreferenceRequest, caller: Caller) async throws(ErrorPayload) -> PreferenceReply {
        try Self.checkLabel(request.label)
        let stored = try await read { try await self.store.preference(of: caller.uri.value, label: request.label) }
        if let (sequenceId, data) = stored {
            return PreferenceReply(bundle: sequenceId > request.sequenceId
                ? PreferenceBundlePayload(label: request.label, sequenceId: sequenceId, data: data) : nil)
        }
        return PreferenceReply(bundle: request.provideDefault ? PreferenceBundlePayload(label: request.label, sequenceId: 0, data: "") : nil)
    }

    /// Stores a bundle; the caller's sequence id must match the stored one, so concurrent writers cannot overwrite each other.
    func setPreference(_ request: SetPreferenceRequest, caller: Caller) async throws(ErrorPayload) -> SetPreferenceReply {
        let bundle = request.bundle
        try Self.checkLabel(bundle.label)
        let limit = configuration.limits.storySize
        guard bundle.data.utf8.count <= limit else {
            throw ErrorPayload(.limitExceeded, .tooLong, "the bundle is \(bundle.data.utf8.count) bytes; the limit is \(limit)")
        }
        let quota = quotas.limits
        guard bundle.data.utf8.count <= quota.preferenceSize else {
            throw ErrorPayload(.limitExceeded, .quotaPreferenceSize, "the bundle is \(bundle.data.utf8.count) bytes; "
                               + "a user's bundles may have at most \(quota.preferenceSize) (limits.per_user.preference_size)")
        }
        do {
            return SetPreferenceReply(sequenceId: try await store.setPreference(
                of: caller.uri.value, label: bundle.label, sequenceId: bundle.sequenceId, data: bundle.data,
                maxLabels: quota.preferenceLabels))
        } catch PreferenceWriteError.stale(let stored) {
            throw ErrorPayload(.dataCollision, .staleSequence,
                               "the bundle '\(bundle.label)' is at sequence \(stored), not \(bundle.sequenceId): read it again")
        } catch PreferenceWriteError.tooManyLabels(let count) {
            throw ErrorPayload(.limitExceeded, .quotaPreferenceLabels,
                               "you keep \(count) preference bundles, the most a user may keep (limits.per_user.preference_labels); "
                               + "store '\(bundle.label)' under one of their labels, or try again once one is gone")
        } catch {
            logger.error("preference write failed: \(error)")
            throw ErrorPayload(.databaseConnection, .internalError, "the bundle could not be stored")
        }
    }

    private static func checkLabel(_ label: String) throws(ErrorPayload) {
        guard !label.isEmpty else { throw ErrorPayload(.invalidArgument, .invalidArgument, "a bundle needs a label") }
        try checkLength(label, "the label")
    }
}
