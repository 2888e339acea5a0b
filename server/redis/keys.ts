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
  registry: (part: string) => `registry:${part}`,
  registryMeta: 'registry:meta',
  sheetsOfDay: (date: string) => `sheets:${date}`,
  sheetInit: (docName: string) => `sheetinit:{${docName}}`,
  /** Set of sheet names a photo was uploaded for: who may read it (server/blobs/blobOwners.ts). */
  blobDocs: (hash: string) => `blob:{${hash}}:docs`,
  demoSeeded: 'demo:seeded',
  lock: (name: string) => `lock:${name}`,
  loginLimit: 'rl:login:',
};
