/** JSON shapes of the HTTP API, shared by server and client. */
import type { PublicUser } from './roles';

export interface LoginRequest {
  username: string;
  password: string;
}

export interface LoginResponse {
  token: string;
  user: PublicUser;
}

export interface SheetInfo {
  docName: string;
  groupId: string;
  groupName: string;
  date: string;
  access: 'write' | 'read';
  targets: number;
  /** The evening debrief signed the day off (inspectors then read only). */
  signedOff?: boolean;
}

/** Every error response has this shape; `field` names the offending input when there is one. */
export interface ApiError {
  error: string;
  message: string;
  field?: string;
}
