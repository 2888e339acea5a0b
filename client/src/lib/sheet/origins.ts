/**
 * Typed origins of the client's Yjs transactions. Every edit the UI makes carries LOCAL_UI, so
 * the text bindings can tell their own writes from remote ones and the unsent-edit counter can
 * tell edits from updates that arrive through the provider or IndexedDB.
 */
export const LOCAL_UI = Object.freeze({ kind: 'local-ui' as const });
export type LocalOrigin = typeof LOCAL_UI;
