/**
 * Locks a signed-off sheet on every instance. Sign-off writes `meta.signedOff` into the doc; each
 * instance that has the sheet loaded sees that change (from its own room or from the stream) and
 * closes its local sockets to the sheet, so inspectors reconnect and get read access
 * (server/ledger.ts `accessAfterSignOff`). Without this, an inspector connected to another
 * instance would keep writing after the day was signed.
 */
import { parseSheetDocName } from '../../shared/sheet';
import type { DocRoom, TxOrigin } from '../sync/room';
import type { RoomLifecycle } from '../sync/rooms';

export class SignOffLock implements RoomLifecycle {
  private readonly watchers = new Map<DocRoom, (u: Uint8Array, o: TxOrigin['kind']) => void>();

  constructor(private readonly closeDoc: (docName: string, reason: string) => void) {}

  opened(room: DocRoom): void {
    if (!parseSheetDocName(room.name)) return;
    const meta = room.doc.getMap('meta');
    let signed = !!meta.get('signedOff');
    const w = () => {
      if (signed || !meta.get('signedOff')) return;
      signed = true;
      this.closeDoc(room.name, 'signed off');
    };
    room.watchers.add(w);
    this.watchers.set(room, w);
  }

  closed(room: DocRoom): void {
    const w = this.watchers.get(room);
    if (w) room.watchers.delete(w);
    this.watchers.delete(room);
  }
}
