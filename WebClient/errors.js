// Refusals in plain words. The client matches on `detail` (stable), never on the server's `message`.

/** A failed reply (or a transport failure, with a `connection.*` detail). */
export class ChatError extends Error {
  constructor({ code = 'ServerError', detail = '', message = '', retryAfterMs } = {}, status = 0) {
    super(message || detail || code);
    this.name = 'ChatError';
    this.code = code;
    this.detail = detail;
    this.serverMessage = message;
    this.retryAfterMs = typeof retryAfterMs === 'number' ? retryAfterMs : undefined;
    this.status = status;
  }
  get isConnection() { return this.detail.startsWith('connection.'); }
}

export const connectionLost = () => new ChatError({ code: 'ServerError', detail: 'connection.lost', message: 'The connection to the server was lost.' });

const seconds = (ms) => Math.max(1, Math.ceil(ms / 1000));
const waitFor = (ms) => (seconds(ms) <= 90 ? `${seconds(ms)} seconds` : `${Math.ceil(ms / 60_000)} minutes`);

// What to say when a refusal that asks to wait comes without retryAfterMs.
const LATER = {
  'identity.throttled': 'Try again later.',
  'quota.posts': 'Wait a moment, then send again.',
  'quota.searches': 'Wait a minute, then search again.',
  'quota.downloadTokens': 'Wait a moment and try again.',
  'quota.roomCreations': 'Try again later.',
};

const WORDS = {
  // Sign-in.
  'identity.wrongPassword': 'That address and password do not match. Check both and try again.',
  'identity.unknownURI': 'There is no user with that address.',
  'identity.invalidURI': 'That is not a valid sign-in address. Use the form name@domain, e.g. sip:alice@contoso.com.',
  'identity.userDisabled': 'This account is not enabled for chat. Ask your administrator.',
  'identity.accountDisabled': 'This account is disabled. Ask your administrator.',
  'identity.contactObject': 'That address belongs to an application contact, which cannot sign in.',
  'identity.configurationPartition': 'That address cannot sign in (it belongs to the directory configuration).',
  'identity.notAUser': 'That address is not a user account.',
  'identity.notInDomain': 'That address is not in this server’s domain.',
  'identity.outsideBase': 'That account is outside the part of the directory this server serves.',
  'identity.moved': 'Your account was moved in the directory. Please sign in again.',
  'identity.invalidSessionToken': 'Your session has expired. Please sign in again.',
  'identity.directoryUnavailable': 'The directory cannot be reached right now, so nobody can sign in.',
  'identity.throttled': 'Too many failed sign-ins.',
  // Rooms.
  'room.noSuchRoom': 'This room does not exist, or you may not see it.',
  'room.notInScope': 'You are outside the group of people this room is for.',
  'room.membersOnly': 'Only members of this room can do that. Ask a room manager to add you.',
  'room.presentersOnly': 'This is an auditorium: only presenters can post here.',
  'room.alreadyJoined': 'You are already in this room.',
  'room.notJoined': 'You are not in this room any more. Join it again to post.',
  'room.disabled': 'This room has been disabled.',
  'room.duplicateName': 'Another room already has that name.',
  'room.notManager': 'Only the room’s managers can change it.',
  'room.membershipRemoved': 'You were removed from this room’s members.',
  // Messages.
  'message.tooLarge': 'Your message is too long for this server. Shorten it or split it into several messages.',
  'message.empty': 'Type a message first.',
  // Roles and management.
  'category.noSuchCategory': 'That category does not exist.',
  'category.root': 'Rooms cannot be placed in the root category.',
  'category.noCreateRights': 'You may not create rooms in that category.',
  'role.creatorNotAssignable': 'The creator role is set by administrators, not on a room.',
  'role.presenterNotMember': 'A presenter must be a member first. Add them as a member, then as a presenter.',
  'role.lastManager': 'A room must keep at least one manager.',
  'role.principalNotInScope': 'That person or group is outside this room’s category, so they cannot have a role here.',
  'role.alreadyHeld': 'They already have that role.',
  'principal.noSuchPrincipal': 'That person or group is not in the directory (or cannot sign in).',
  'principal.notAGroup': 'That is not a directory group.',
  'user.notSystemUser': 'Only system users may look up other people.',
  'addIn.noSuchAddIn': 'That add-in is not registered on this server.',
  // Search, files, preferences.
  'search.noSearchableTerms': 'Type at least one word or number to search for.',
  'file.postNotAllowed': 'Files cannot be posted in this room.',
  'file.tooLarge': 'That file is larger than this server accepts.',
  'file.invalidToken': 'The file transfer expired. Try again.',
  'file.noSuchFile': 'That file is no longer available.',
  'preference.staleSequence': 'Your settings changed elsewhere. Try again.',
  // Quotas.
  'quota.posts': 'You are posting too fast.',
  'quota.searches': 'Too many searches in a short time.',
  'quota.uploadTokens': 'Too many uploads at once. Wait for one to finish, or cancel one.',
  'quota.downloadTokens': 'Too many downloads at once.',
  'quota.roomCreations': 'You have created many rooms recently.',
  'quota.preferenceLabels': 'You keep as many saved settings as this server allows. Remove some first.',
  'quota.preferenceSize': 'These settings are larger than this server keeps.',
  // Protocol and arguments.
  'argument.tooLong': 'That text is too long.',
  'argument.invalid': 'The server did not accept that request.',
  'protocol.malformedFrame': 'The server did not understand the request (this client may be out of date).',
  'protocol.unknownCommand': 'This server does not support that yet.',
  'protocol.unsupportedVersion': 'This server speaks another version of the chat protocol. Reload the page.',
  'protocol.notEstablished': 'You are not signed in on this connection yet. Wait a moment and try again.',
  'protocol.alreadyEstablished': 'This connection is already signed in.',
  'protocol.frameTooLarge': 'That request is too large for the server.',
  'server.internal': 'Something went wrong on the server. Try again in a moment.',
  // Transport (made up by the client).
  'connection.lost': 'The connection to the server was lost. Try again once it is back.',
  'connection.timeout': 'The server did not answer in time.',
  'connection.failed': 'The chat server cannot be reached. Check your connection and try again.',
};

const BY_CODE = {
  ErrorPermission: 'You are not allowed to do that.',
  NoSuchNode: 'That room does not exist, or you may not see it.',
  NodeDisabled: 'This room has been disabled.',
  LimitExceeded: 'That is over the server’s limit.',
  InvalidArgument: 'The server did not accept that request.',
  InvalidToken: 'The transfer expired. Try again.',
  UserNotJoined: 'You are not in this room any more.',
  ServerError: 'The server could not do that right now. Try again in a moment.',
  DatabaseConnection: 'The server cannot reach its database right now. Try again in a moment.',
  UnknownServerError: 'Something went wrong on the server. Try again in a moment.',
  InvalidFlowOfOperations: 'That cannot be done now. Reload the page and try again.',
  MsgNotSupported: 'This server does not support that (this client may be out of date).',
};

/** Plain words for a refusal or failure. */
export function describeError(error) {
  if (!(error instanceof ChatError)) return 'Something went wrong. Try again.';
  let words = WORDS[error.detail] || BY_CODE[error.code] || error.serverMessage || 'Something went wrong. Try again.';
  // How long to wait, when the server says so (throttled sign-ins, the directory, the quotas).
  const waits = error.detail === 'identity.throttled' || error.detail === 'identity.directoryUnavailable' || error.detail.startsWith('quota.');
  if (waits && error.retryAfterMs !== undefined) words += ` Try again in ${waitFor(error.retryAfterMs)}.`;
  else if (LATER[error.detail]) words += ` ${LATER[error.detail]}`;
  return words;
}
