/**
 * The y-websocket wire protocol as our server speaks it (the stock client must work unchanged),
 * and our WebSocket close codes. Named constants only; no bare protocol numbers elsewhere.
 */
export const MessageType = {
  sync: 0,
  awareness: 1,
  auth: 2,
  queryAwareness: 3,
} as const;

/** Sub-types of a sync message (y-protocols/sync). */
export const SyncStep = {
  step1: 0,
  step2: 1,
  update: 2,
} as const;

/**
 * Close codes. 4000–4999 are ours; the reason string says what happened. Following y-websocket's
 * convention, 4400–4499 mirror HTTP 4xx and are final (the stock client stops reconnecting);
 * everything a client should retry (storage down, too slow, access changed) is outside that band.
 */
export const CloseCode = {
  /** 1009: frame larger than the configured cap (sent by the ws library itself). */
  tooLarge: 1009,
  goingAway: 1001,
  malformed: 4400,
  unauthorized: 4401,
  forbidden: 4403,
  /** Awareness flood or similar abuse of rate limits. */
  rateLimited: 4429,
  /** The client reads too slowly (weak network); its send buffer passed the cap. Retry. */
  slowReader: 4508,
  /** Redis refused or lost the write: nothing was applied, the client keeps its edits. */
  storageUnavailable: 4503,
  /** Session ended (logout, user deactivated). */
  sessionEnded: 4410,
  /** The user's access to this document changed (e.g. the day was signed off); reconnect. */
  accessChanged: 4509,
} as const;

export type CloseCodeName = keyof typeof CloseCode;
