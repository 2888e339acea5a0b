/**
 * socket.io events of the command centre's coverage feed. Sent to `county` (command, admin) and
 * to `group:<id>` (that group's leader and members) — never to anyone else.
 */
import type { CoverageDelta, CoverageSnapshot } from './types';

/** The feed's name in `resync(feed)`: the client asks for the current state after a reconnect. */
export const COVERAGE_FEED = 'coverage';

export interface CoverageEvents {
  /** The current state of today (answer to `resync('coverage')`), filtered to what the user may see. */
  'coverage:snapshot': (s: CoverageSnapshot) => void;
  /** Targets of one group's sheet changed (each carried in full). */
  'coverage:delta': (d: CoverageDelta) => void;
}
