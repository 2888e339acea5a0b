/** Typed failures of a sync connection; each maps to one close code. */
import { CloseCode } from '../../shared/syncProtocol';

export class SyncError extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** Bytes that do not decode as a y-websocket message or a Yjs update. */
export class MalformedMessageError extends SyncError {
  constructor(message: string) {
    super(CloseCode.malformed, message);
  }
}

/** The store refused or lost a write; nothing was applied and nothing relayed. */
export class StorageUnavailableError extends SyncError {
  constructor(cause: unknown) {
    super(CloseCode.storageUnavailable, 'storage unavailable, retry later');
    this.cause = cause;
  }
}

export class RateLimitedError extends SyncError {
  constructor(message: string) {
    super(CloseCode.rateLimited, message);
  }
}
