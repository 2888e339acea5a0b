/**
 * After sign-off only the group's leader can write the sheet; each of those edits is an
 * amendment. A watcher on every loaded sheet notices peer edits to a signed-off sheet and, once
 * the leader pauses, records what changed (target by target) against the last signed print.
 * Only `peer` origins count: another instance's stream entries were recorded where they arrived.
 */
import { diffPrints, sheetPrint } from '../../shared/debrief/fingerprint';
import type { Signer } from '../../shared/debrief/types';
import { parseSheetDocName } from '../../shared/sheet';
import type { Logger } from '../logger';
import type { DocRoom, TxOrigin } from '../sync/room';
import type { RoomLifecycle } from '../sync/rooms';
import type { DebriefRepo } from './repo';

export interface AmendmentDeps {
  debriefs: DebriefRepo;
  leadersOf: (groupId: string) => Promise<Signer[]>;
  log: Logger;
  /** How long the leader must pause before an edit burst is recorded. */
  quietMs?: number;
}

export class AmendmentRecorder implements RoomLifecycle {
  private readonly timers = new Map<DocRoom, NodeJS.Timeout>();
  private readonly watchers = new Map<DocRoom, (u: Uint8Array, o: TxOrigin['kind']) => void>();

  constructor(private readonly deps: AmendmentDeps) {}

  opened(room: DocRoom): void {
    if (!parseSheetDocName(room.name)) return;
    const w = (_u: Uint8Array, origin: TxOrigin['kind']) => {
      if (origin !== 'peer' || !room.doc.getMap('meta').get('signedOff')) return;
      clearTimeout(this.timers.get(room));
      this.timers.set(
        room,
        setTimeout(() => void this.flush(room), this.deps.quietMs ?? 1500),
      );
    };
    room.watchers.add(w);
    this.watchers.set(room, w);
  }

  closed(room: DocRoom): void {
    const w = this.watchers.get(room);
    if (w) room.watchers.delete(w);
    this.watchers.delete(room);
    if (this.timers.has(room)) void this.flush(room);
  }

  private async flush(room: DocRoom): Promise<void> {
    clearTimeout(this.timers.get(room));
    this.timers.delete(room);
    try {
      const after = sheetPrint(room.doc);
      const before = await this.deps.debriefs.print(room.name);
      if (!before) return; // sign-off has not written its baseline yet; it will include this edit
      const targets = diffPrints(before, after);
      if (targets.length === 0) return;
      const groupId = parseSheetDocName(room.name)!.groupId;
      await this.deps.debriefs.addAmendment(room.name, { at: new Date().toISOString(), kind: 'sheet_edit', by: await this.deps.leadersOf(groupId), targets, problems: [] });
      await this.deps.debriefs.setPrint(room.name, after);
      this.deps.log.info('debrief.amended', { doc: room.name, targets: targets.length });
    } catch (err) {
      // The edit itself is stored in the sheet; only its amendment note is missing. Say so.
      this.deps.log.error('debrief.amendment_not_recorded', { doc: room.name, err });
    }
  }

  /** Records what is pending now (server shutdown). */
  async stop(): Promise<void> {
    await Promise.all([...this.timers.keys()].map((r) => this.flush(r)));
  }
}
