/**
 * Redis key layout. A document's keys share the hash tag `{<docName>}` so they live in one
 * Redis Cluster slot (the Lua scripts touch both atomically).
 */
export const docKeys = (docName: string) => ({
  stream: `doc:{${docName}}:stream`,
  snapshot: `doc:{${docName}}:snap`,
});

export const keys = {
  user: (id: string) => `user:${id}`,
  userByName: (username: string) => `user:byname:${username.toLowerCase()}`,
  users: 'users',
  session: (tokenHash: string) => `session:${tokenHash}`,
  userSessions: (userId: string) => `user:${userId}:sessions`,
  /** The pre-version layout (one JSON per part); read once to migrate (server/registry/repo.ts). */
  registry: (part: string) => `registry:${part}`,
  registryMeta: 'registry:meta',
  /** Versioned registry: current meta, version list (newest first), records, content-addressed chunks. */
  registryCurrent: 'registry:current',
  registryVersions: 'registry:versions',
  registrySeq: 'registry:seq',
  registryVersion: (n: number) => `registry:ver:${n}`,
  registryChunk: (id: string) => `registry:chunk:${id}`,
  /** Admin audit trail: one stream, and per entity a short list for its history panel. */
  audit: 'audit:admin',
  auditOf: (entity: string, id: string) => `audit:of:${entity}:${id}`,
  sheetsOfDay: (date: string) => `sheets:${date}`,
  /** Members' latest reported position of a day (server/coverage/positions.ts). */
  positionsOfDay: (date: string) => `positions:${date}`,
  sheetInit: (docName: string) => `sheetinit:{${docName}}`,
  /** Set of sheet names a photo was uploaded for: who may read it (server/blobs/blobOwners.ts). */
  blobDocs: (hash: string) => `blob:{${hash}}:docs`,
  demoSeeded: 'demo:seeded',
  lock: (name: string) => `lock:${name}`,
  loginLimit: 'rl:login:',
};
