/**
 * /api/admin/registry: templates, export and import. Files are parsed, checked and encoded on a
 * worker thread (server/registry/worker); this handler only moves bytes, stores the result and
 * applies the group members sheet to accounts.
 */
import { randomBytes } from 'node:crypto';
import { Router, type NextFunction, type Request, type Response } from 'express';
import multer from 'multer';
import { z } from 'zod';
import type { CreatedAccount, ImportResponse } from '../../../shared/adminApi';
import { ruleMessage } from '../../../shared/registryMessages';
import { TABLE_KEYS, sheetByKey, type GroupMember, type TableKey } from '../../../shared/registryTable/sheets';
import { closeUserSockets } from '../../auth/userSockets';
import { RegistryConflictError } from '../../registry/repo';
import { runJob } from '../../registry/worker/run';
import type { AppContext } from '../context';
import { badRequest, HttpError, notFound, parse } from '../errors';
import { currentUser } from '../requireUser';
import type { AdminDeps } from './deps';
import { versionView } from './registry';

const MAX_FILE_BYTES = 100 * 1024 * 1024;
const MAX_ROWS = 500_000;
const ImportQuery = z.object({ dryRun: z.enum(['0', '1', 'true', 'false']).optional() }).strict();

const upload = multer({
  storage: multer.memoryStorage(),
  limits: { fileSize: MAX_FILE_BYTES, files: 12, fields: 4 },
  // Browsers send UTF-8 file names (农户.csv); busboy's default would read them as Latin-1.
  defParamCharset: 'utf8',
}).array('files', 12);

function receive(req: Request, res: Response, next: NextFunction): void {
  upload(req, res, (err: unknown) => {
    if (err instanceof multer.MulterError) {
      next(err.code === 'LIMIT_FILE_SIZE' ? new HttpError(413, 'too_large', `a file is larger than ${MAX_FILE_BYTES / 2 ** 20} MB`) : badRequest(err.message, err.field ?? 'files'));
    } else next(err);
  });
}

function table(param: string): TableKey {
  const key = TABLE_KEYS.find((k) => k === param);
  if (!key) throw notFound(`unknown table; one of ${TABLE_KEYS.join(', ')}`);
  return key;
}

function send(res: Response, bytes: Uint8Array, name: string): void {
  const csv = name.endsWith('.csv');
  res.setHeader('Content-Type', csv ? 'text/csv; charset=utf-8' : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
  res.setHeader('Cache-Control', 'no-store');
  res.attachment(name);
  res.end(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
}

async function groupMembers(ctx: AppContext): Promise<GroupMember[]> {
  return (await ctx.users.listStored())
    .filter((u) => u.groupId && (u.role === 'leader' || u.role === 'inspector'))
    .map((u) => ({ username: u.username, name: u.name, groupId: u.groupId!, role: u.role as GroupMember['role'] }))
    .sort((a, b) => a.groupId.localeCompare(b.groupId, 'en', { numeric: true }) || (a.role === b.role ? a.username.localeCompare(b.username) : a.role === 'leader' ? -1 : 1));
}

/** Easy to read aloud and type: no 0/O, 1/l/I. */
function initialPassword(): string {
  const alphabet = 'abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  return [...randomBytes(12)].map((b) => alphabet[b % alphabet.length]).join('');
}

/** The members sheet: listed accounts join their group (new ones are created); accounts left in a group that no longer exists leave it. */
async function applyMembers(ctx: AppContext, members: GroupMember[] | null, groupIds: Set<string>): Promise<{ created: CreatedAccount[]; updated: number }> {
  const created: CreatedAccount[] = [];
  let updated = 0;
  const all = await ctx.users.listStored();
  const byName = new Map(all.map((u) => [u.username.toLowerCase(), u]));
  const listed = new Set<string>();
  for (const m of members ?? []) {
    const key = m.username.toLowerCase();
    listed.add(key);
    const u = byName.get(key);
    if (!u) {
      const password = initialPassword();
      if (await ctx.users.create({ id: key, username: m.username, name: m.name, role: m.role, groupId: m.groupId, password })) {
        created.push({ username: m.username, name: m.name, groupId: m.groupId, password });
      }
    } else if (u.name !== m.name || u.role !== m.role || u.groupId !== m.groupId) {
      await ctx.users.update(u.id, { name: m.name, role: m.role, groupId: m.groupId });
      if (u.role !== m.role || u.groupId !== m.groupId) await closeUserSockets(ctx, u.id, 'group changed');
      updated++;
    }
  }
  for (const u of all) {
    if (listed.has(u.username.toLowerCase()) || !u.groupId || groupIds.has(u.groupId)) continue;
    await ctx.users.update(u.id, { groupId: null });
    await closeUserSockets(ctx, u.id, 'group removed');
    updated++;
  }
  return { created, updated };
}

export function transferRoutes({ ctx, audit }: AdminDeps): Router {
  const r = Router();

  r.get('/template.xlsx', async (_req, res) => send(res, await runJob({ kind: 'template', table: null }), '登记数据导入模板.xlsx'));
  r.get('/template/:table.csv', async (req, res) => {
    const key = table(String(req.params.table));
    send(res, await runJob({ kind: 'template', table: key }), `${sheetByKey(key).sheet}.csv`);
  });

  const exportJob = async (key: TableKey | null) => {
    const chunks = await ctx.registry.currentChunks();
    if (!chunks) throw notFound('no registry yet');
    return { bytes: await runJob({ kind: 'export', current: { ids: chunks.ids, blobs: chunks.blobs }, members: await groupMembers(ctx), table: key }), version: chunks.meta.version };
  };
  r.get('/export.xlsx', async (_req, res) => {
    const { bytes, version } = await exportJob(null);
    send(res, bytes, `登记数据-版本${version}.xlsx`);
  });
  r.get('/export/:table.csv', async (req, res) => {
    const key = table(String(req.params.table));
    const { bytes, version } = await exportJob(key);
    send(res, bytes, `${sheetByKey(key).sheet}-版本${version}.csv`);
  });

  r.post('/import', receive, async (req, res) => {
    const q = parse(ImportQuery, req.query);
    const dryRun = q.dryRun === '1' || q.dryRun === 'true';
    const files = (req.files as Express.Multer.File[] | undefined) ?? [];
    if (files.length === 0) throw badRequest('attach one .xlsx workbook or one or more .csv files as "files"', 'files');
    const started = performance.now();
    const actor = currentUser(res);
    const current = await ctx.registry.currentChunks();
    const accounts = (await ctx.users.listStored()).map((u) => [u.username.toLowerCase(), u.role] as [string, typeof u.role]);
    const outcome = await runJob({
      kind: 'import',
      files: files.map((f) => ({ name: f.originalname, bytes: new Uint8Array(f.buffer) })),
      current: current ? { ids: current.ids, blobs: current.blobs } : null,
      accounts,
      year: new Date().getFullYear(),
      maxRows: MAX_ROWS,
      dryRun,
    });
    const fileNames = files.map((f) => f.originalname).join('、');
    ctx.log.info('registry.import_checked', { user: actor.id, files: fileNames, ok: outcome.ok, ms: outcome.ms, ...(outcome.ok ? {} : { errors: outcome.errorCount }) });
    if (!outcome.ok) {
      const report = outcome.report.map((i) => ({ ...i, message: ruleMessage(i.code, i.params) }));
      const out: ImportResponse = { ok: false, files: outcome.files, report, errorCount: outcome.errorCount, summary: outcome.summary };
      return res.status(422).json(out);
    }
    const names = new Map((await ctx.users.listStored()).map((u) => [u.id, u.name]));
    const previous = current ? versionView(current.meta, names) : null;
    if (dryRun || !outcome.encoded) {
      const out: ImportResponse = { ok: true, dryRun: true, files: outcome.files, tables: outcome.tables, counts: outcome.counts, warnings: outcome.warnings, version: null, previous, accounts: [], membersUpdated: 0, ms: Math.round(performance.now() - started) };
      return res.json(out);
    }
    let meta;
    try {
      meta = await ctx.registry.saveEncoded(
        { ids: outcome.encoded.ids, chunks: outcome.encoded.chunks, counts: outcome.counts },
        { source: 'import', by: actor.id, note: `导入 ${fileNames}`.slice(0, 200), expectVersion: current?.meta.version ?? null },
      );
    } catch (err) {
      if (err instanceof RegistryConflictError) throw new HttpError(409, 'conflict', 'the registry changed while the file was checked; import it again');
      throw err;
    }
    const members = await applyMembers(ctx, outcome.members, new Set(outcome.groupIds));
    await audit.record({
      by: actor.id,
      byName: actor.name,
      action: 'import',
      entity: 'registry',
      entityId: `v${meta.version}`,
      before: previous ? { version: previous.version, hash: previous.hash, counts: previous.counts } : undefined,
      after: { version: meta.version, hash: meta.hash, counts: meta.counts, tables: outcome.tables, accountsCreated: members.created.map((a) => a.username) },
      note: fileNames,
    });
    // Parse the new version now (chunk by chunk, between other work) rather than in the next reader's request.
    void ctx.registry.load().catch((err: unknown) => ctx.log.warn('registry.warm_failed', { err }));
    ctx.log.info('registry.imported', { user: actor.id, version: meta.version, households: meta.households, ms: Math.round(performance.now() - started) });
    const out: ImportResponse = {
      ok: true,
      dryRun: false,
      files: outcome.files,
      tables: outcome.tables,
      counts: outcome.counts,
      warnings: outcome.warnings,
      version: versionView(meta, names),
      previous,
      accounts: members.created,
      membersUpdated: members.updated,
      ms: Math.round(performance.now() - started),
    };
    res.json(out);
  });

  return r;
}
