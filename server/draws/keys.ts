/**
 * Redis keys of the published draws. The log of a day is one stream; registry snapshots are
 * content-addressed strings (SET NX, never overwritten), so two draws on one registry share one.
 */
export const drawKeys = {
  /** STREAM: one entry per published draw of `date`, appended only (repo.ts). */
  log: (date: string) => `draws:${date}`,
  /** STRING: the canonical JSON of a registry snapshot; the key carries its SHA-256. */
  snapshot: (hash: string) => `registry:snap:${hash}`,
  /** The lock that lets one instance run the scheduled publish of a day. */
  cronLock: (date: string) => `draws:${date}:cronlock`,
};
