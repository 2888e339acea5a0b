/**
 * /api/admin/registry: browse and search, edit a household or a pairing contact (same rules as
 * the import), rule reports, versions and rollback. Thin: parsing here, rules in shared/, the
 * work in server/registry/.
 */
import { Router } from 'express';
import { z } from 'zod';
import type { ContactDetail, HouseholdDetail, RegistrySummary, VersionView } from '../../../shared/adminApi';
import { EDGE_KINDS, HOUSEHOLD_STATUSES } from '../../../shared/registry';
import { editContact, editHousehold } from '../../../shared/registryEdit';
import { REPORT_KINDS, reportCounts } from '../../../shared/registryReports';
import { findContacts, findHouseholds, householdRow, contactRow, indexOf, placeTree, reportPage } from '../../registry/browse';
import { commitEdit } from '../../registry/editor';
import type { RegistryMeta } from '../../registry/repo';
import { badRequest, notFound, parse } from '../errors';
import { currentUser } from '../requireUser';
import type { AdminDeps } from './deps';
import { sendProblems } from './problems';

const pageFields = {
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
};
const Id = z.string().min(1).max(64);

const HouseholdsQuery = z.object({ townshipId: Id.optional(), villageId: Id.optional(), q: z.string().max(64).optional(), status: z.enum(HOUSEHOLD_STATUSES).optional(), ...pageFields }).strict();
const ContactsQuery = z.object({ townshipId: Id.optional(), q: z.string().max(64).optional(), ...pageFields }).strict();
const PageQuery = z.object(pageFields).strict();

const LngLat = z.object({ lng: z.number(), lat: z.number() }).strict();
const HouseholdBody = z
  .object({
    villageId: Id.optional(),
    head: z.string().trim().max(60).optional(),
    status: z.enum(HOUSEHOLD_STATUSES).optional(),
    exitYear: z.number().int().nullable().optional(),
    edgeKinds: z.array(z.enum(EDGE_KINDS)).max(EDGE_KINDS.length).optional(),
    members: z.number().int().optional(),
    povertyCause: z.string().trim().max(60).nullable().optional(),
    measures: z.array(z.string().trim().min(1).max(60)).max(20).optional(),
    pairingContactId: Id.nullable().optional(),
    location: LngLat.nullable().optional(),
  })
  .strict();
const ContactBody = z
  .object({
    name: z.string().trim().max(60).optional(),
    workUnit: z.string().trim().max(60).optional(),
    phone: z.string().trim().max(20).nullable().optional(),
    householdIds: z.array(Id).max(10).optional(),
  })
  .strict();
const NewContactBody = ContactBody.extend({ id: Id }).strict();
const RollbackBody = z.object({ version: z.number().int().min(1).optional() }).strict();

/** Empty strings from a form mean "clear" for optional text. */
const emptyToNull = <T extends Record<string, unknown>>(body: T, fields: (keyof T)[]): T => {
  const out = { ...body };
  for (const f of fields) if (out[f] === '') (out as Record<keyof T, unknown>)[f] = null;
  return out;
};

export function versionView(m: RegistryMeta, names: Map<string, string>): VersionView {
  return { version: m.version, parent: m.parent, hash: m.hash, savedAt: m.savedAt, source: m.source, counts: m.counts, ...(m.by ? { by: m.by, byName: names.get(m.by) ?? m.by } : {}), ...(m.note ? { note: m.note } : {}) };
}

export function registryRoutes({ ctx, audit }: AdminDeps): Router {
  const r = Router();
  const current = async () => {
    const c = await ctx.registry.current();
    if (!c) throw notFound('no registry yet: import one first');
    return c;
  };
  const userNames = async () => new Map((await ctx.users.listStored()).map((u) => [u.id, u.name]));

  r.get('/', async (_req, res) => {
    const c = await ctx.registry.current();
    const out: RegistrySummary = {
      county: c ? { id: c.registry.county.id, name: c.registry.county.name, bbox: c.registry.county.bbox } : null,
      current: c ? versionView(c.meta, await userNames()) : null,
      reports: c ? reportCounts(c.registry) : { withoutContact: 0, contactOverLimit: 0, withoutLocation: 0 },
    };
    res.json(out);
  });

  r.get('/places', async (_req, res) => {
    res.json(placeTree((await current()).registry));
  });

  r.get('/units', async (_req, res) => {
    res.json((await current()).registry.units.map((u) => ({ id: u.id, name: u.name })));
  });

  r.get('/households', async (req, res) => {
    res.json(findHouseholds((await current()).registry, parse(HouseholdsQuery, req.query)));
  });

  r.get('/households/:id', async (req, res) => {
    const { registry } = await current();
    const h = indexOf(registry).households.get(String(req.params.id));
    if (!h) throw notFound('no such household');
    const contact = h.pairingContactId ? (indexOf(registry).contacts.get(h.pairingContactId) ?? null) : null;
    const out: HouseholdDetail = { household: householdRow(registry, h), contact, history: await audit.of('household', h.id) };
    res.json(out);
  });

  r.patch('/households/:id', async (req, res) => {
    const id = String(req.params.id);
    const body = emptyToNull(parse(HouseholdBody, req.body), ['povertyCause']);
    const done = await commitEdit({ registry: ctx.registry, audit }, currentUser(res), { entity: 'household', id, action: 'edit' }, (reg) => editHousehold(reg, id, body));
    if (!done) throw notFound('no such household');
    if (!done.ok) return sendProblems(res, done.problems);
    res.json({ household: done.after, version: done.meta.version });
  });

  r.get('/contacts', async (req, res) => {
    res.json(findContacts((await current()).registry, parse(ContactsQuery, req.query)));
  });

  r.get('/contacts/:id', async (req, res) => {
    const { registry } = await current();
    const ix = indexOf(registry);
    const c = ix.contacts.get(String(req.params.id));
    if (!c) throw notFound('no such pairing contact');
    const households = c.householdIds.map((id) => ix.households.get(id)).filter((h) => !!h).map((h) => householdRow(registry, h));
    const out: ContactDetail = { contact: contactRow(registry, c), households, history: await audit.of('contact', c.id) };
    res.json(out);
  });

  r.patch('/contacts/:id', async (req, res) => {
    const id = String(req.params.id);
    const body = emptyToNull(parse(ContactBody, req.body), ['phone']);
    const done = await commitEdit({ registry: ctx.registry, audit }, currentUser(res), { entity: 'contact', id, action: 'edit' }, (reg) => editContact(reg, id, body));
    if (!done) throw notFound('no such pairing contact');
    if (!done.ok) return sendProblems(res, done.problems);
    res.json({ contact: done.after, version: done.meta.version });
  });

  r.post('/contacts', async (req, res) => {
    const { id, ...body } = emptyToNull(parse(NewContactBody, req.body), ['phone']);
    const done = await commitEdit({ registry: ctx.registry, audit }, currentUser(res), { entity: 'contact', id, action: 'create' }, (reg) => editContact(reg, id, body, true));
    if (!done) throw notFound('no registry');
    if (!done.ok) return sendProblems(res, done.problems);
    res.status(201).json({ contact: done.after, version: done.meta.version });
  });

  r.get('/reports/:kind', async (req, res) => {
    const kind = REPORT_KINDS.find((k) => k === req.params.kind);
    if (!kind) throw badRequest(`unknown report; one of ${REPORT_KINDS.join(', ')}`, 'kind');
    const q = parse(PageQuery, req.query);
    res.json(reportPage((await current()).registry, kind, q.page, q.pageSize));
  });

  r.get('/versions', async (_req, res) => {
    const names = await userNames();
    res.json((await ctx.registry.versions()).map((m) => versionView(m, names)));
  });

  /** Back to the version before the current one, or to a named kept version. */
  r.post('/rollback', async (req, res) => {
    const body = parse(RollbackBody, req.body ?? {});
    const versions = await ctx.registry.versions();
    const [now, previous] = versions;
    const target = body.version === undefined ? previous : versions.find((v) => v.version === body.version);
    if (!now || !target) throw badRequest(body.version === undefined ? 'there is no earlier version' : `version ${body.version} is not kept`, 'version');
    if (target.version === now.version) throw badRequest('that version is already current', 'version');
    const actor = currentUser(res);
    const meta = await ctx.registry.restore(target.version, { by: actor.id, note: `恢复到版本 ${target.version}` });
    await audit.record({ by: actor.id, byName: actor.name, action: 'rollback', entity: 'registry', entityId: `v${meta.version}`, before: { version: now.version, hash: now.hash }, after: { version: meta.version, restored: target.version, hash: meta.hash } });
    ctx.log.info('registry.restored', { user: actor.id, from: now.version, to: target.version, version: meta.version });
    void ctx.registry.load().catch((err: unknown) => ctx.log.warn('registry.warm_failed', { err }));
    res.json(versionView(meta, await userNames()));
  });

  return r;
}
