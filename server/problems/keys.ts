/**
 * Redis keys of the ledger, the debriefs and the nightly summary. Every key carries the hash tag
 * `{ledger}`: the Lua scripts that move a problem touch its record and its indexes atomically,
 * and in a Redis Cluster that needs them in one slot.
 */
export const ledgerKeys = {
  problem: (id: string) => `ledger:{ledger}:problem:${id}`,
  /** ZSET id → createdAt (ms): every problem, oldest first. */
  all: 'ledger:{ledger}:problems',
  /** SET of ids per state and per responsible unit. */
  byState: (state: string) => `ledger:{ledger}:state:${state}`,
  byUnit: (unitId: string) => `ledger:{ledger}:unit:${unitId}`,

  /** HASH findingId → Decision JSON (the leader's draft, then the record). */
  decisions: (docName: string) => `ledger:{ledger}:debrief:${docName}:decisions`,
  /** HASH findingId → problem id, for findings that became problems. */
  debriefProblems: (docName: string) => `ledger:{ledger}:debrief:${docName}:problems`,
  /** STRING SignOffRecord JSON, set once (NX). */
  signedOff: (docName: string) => `ledger:{ledger}:debrief:${docName}:signedoff`,
  /** HASH targetId → RevisitOutcome JSON. */
  revisits: (docName: string) => `ledger:{ledger}:debrief:${docName}:revisits`,
  /** LIST of Amendment JSON. */
  amendments: (docName: string) => `ledger:{ledger}:debrief:${docName}:amendments`,
  /** STRING SheetPrint JSON: the sheet as last signed or amended. */
  print: (docName: string) => `ledger:{ledger}:debrief:${docName}:print`,

  /** STRING DailySummary JSON and its .xlsx bytes; ZSET of archived days. */
  summary: (date: string) => `ledger:{ledger}:summary:${date}`,
  summaryXlsx: (date: string) => `ledger:{ledger}:summary:${date}:xlsx`,
  summaries: 'ledger:{ledger}:summaries',
  /** The lock that lets one instance build a day's summary. */
  summaryLock: (date: string) => `ledger:{ledger}:summary:${date}:lock`,

  /** HASH per delivery job; ZSET of job ids by next attempt time (ms). */
  job: (jobId: string) => `ledger:{ledger}:outbox:job:${jobId}`,
  due: 'ledger:{ledger}:outbox:due',
  /** SET of job ids per summary day (for the app's delivery status). */
  jobsOfDay: (date: string) => `ledger:{ledger}:outbox:day:${date}`,
};
