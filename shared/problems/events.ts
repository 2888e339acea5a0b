/** socket.io events of the problem ledger and the nightly summary (issue 7 fills this in). */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface LedgerEvents {}
