/**
 * The demo county and its accounts, created once (idempotent: a second start changes nothing).
 * Accounts are a contract: admin, command, unit1, and per group n: leader<n>, inspector<n>a/b.
 */
import { generateDemoCounty } from '../../shared/demo/generate';
import type { Role } from '../../shared/roles';
import type { NewUser, UserRepo } from '../auth/users';
import type { Logger } from '../logger';
import type { RegistryRepo } from '../registry/repo';

export interface DemoAccount {
  username: string;
  role: Role;
  name: string;
  groupId?: string;
}

export async function seedDemo(deps: { registry: RegistryRepo; users: UserRepo; log: Logger }, password: string): Promise<DemoAccount[]> {
  const registry =
    (await deps.registry.load()) ??
    (await (async () => {
      const generated = generateDemoCounty();
      const meta = await deps.registry.save(generated);
      deps.log.info('demo.registry_seeded', { households: meta.households, hash: meta.hash });
      return generated;
    })());
  const accounts: NewUser[] = [
    { id: 'admin', username: 'admin', name: '县扶贫办管理员', role: 'admin', password },
    { id: 'command', username: 'command', name: '县指挥部值班员', role: 'command', password },
  ];
  const firstUnit = registry.units[0];
  if (firstUnit) accounts.push({ id: 'unit1', username: 'unit1', name: firstUnit.name, role: 'unit', unitId: firstUnit.id, password });
  registry.groups.forEach((g, i) => {
    const n = i + 1;
    accounts.push(
      { id: `leader${n}`, username: `leader${n}`, name: `${g.name}组长`, role: 'leader', groupId: g.id, password },
      { id: `inspector${n}a`, username: `inspector${n}a`, name: `${g.name}成员甲`, role: 'inspector', groupId: g.id, password },
      { id: `inspector${n}b`, username: `inspector${n}b`, name: `${g.name}成员乙`, role: 'inspector', groupId: g.id, password },
    );
  });
  let created = 0;
  for (const a of accounts) if (await deps.users.create(a)) created++;
  if (created > 0) deps.log.info('demo.accounts_created', { created });
  return accounts.map(({ username, role, name, groupId }) => ({ username, role, name, ...(groupId ? { groupId } : {}) }));
}
