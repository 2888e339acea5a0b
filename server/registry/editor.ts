/**
 * Commits one admin edit: take the current version, apply the pure edit, store it as a new
 * version based on exactly that one (retried if another admin saved in between), and audit
 * who changed what from what to what.
 */
import type { AuditEntity } from '../../shared/adminApi';
import type { Registry } from '../../shared/registry';
import type { Edit } from '../../shared/registryEdit';
import type { Problem } from '../../shared/registryRules';
import type { PublicUser } from '../../shared/roles';
import type { AuditLog } from './audit';
import { canonical } from './codec';
import { RegistryConflictError, type RegistryMeta, type RegistryRepo } from './repo';

const ATTEMPTS = 3;

export type Committed<T> = { ok: true; after: T; meta: RegistryMeta } | { ok: false; problems: Problem[] } | null;

export async function commitEdit<T>(
  deps: { registry: RegistryRepo; audit: AuditLog },
  actor: PublicUser,
  what: { entity: AuditEntity; id: string; action: string },
  apply: (r: Registry) => Edit<T> | null,
): Promise<Committed<T>> {
  for (let attempt = 1; ; attempt++) {
    const current = await deps.registry.current();
    if (!current) return null;
    const edit = apply(current.registry);
    if (!edit || !edit.ok) return edit;
    // Saving a form unchanged makes no version and no audit entry.
    if (edit.before && JSON.stringify(canonical(edit.before)) === JSON.stringify(canonical(edit.after))) return { ok: true, after: edit.after, meta: current.meta };
    try {
      const meta = await deps.registry.save(edit.registry, {
        source: 'edit',
        by: actor.id,
        note: `${what.action} ${what.entity} ${what.id}`,
        expectVersion: current.meta.version,
      });
      await deps.audit.record({ by: actor.id, byName: actor.name, action: what.action, entity: what.entity, entityId: what.id, before: edit.before ?? undefined, after: edit.after, note: `v${meta.version}` });
      // A household moved to or from a contact shows the move in its own history too.
      for (const c of edit.side ?? []) {
        await deps.audit.record({ by: actor.id, byName: actor.name, action: 'edit', entity: c.entity, entityId: c.id, before: c.before, after: c.after, note: `v${meta.version} · ${what.entity} ${what.id}` });
      }
      return { ok: true, after: edit.after, meta };
    } catch (err) {
      if (!(err instanceof RegistryConflictError) || attempt >= ATTEMPTS) throw err;
    }
  }
}
