/**
 * The demo county and its accounts, created once (idempotent: a second start changes nothing).
 * Accounts are a contract: admin, command, unit1, and per group n: leader<n>, inspector<n>a/b.
 */
import { generateDemoCounty } from '../../shared/demo/generate';
import type { Role } from '../../shared/roles';
import type { NewUser, UserRepo } from '../auth/users';
import type { Logger } from '../logger';
import type { RegistryRepo } from '../registry/repo';

// Plausible names make the demo read like a real county's (presence, "checked by").
const LEADER_NAMES = ['王建国', '李卫东', '张志强', '刘德明', '陈永红', '杨光辉', '赵国庆', '黄振华', '吴长青', '孙立新'];
const MEMBER_NAMES = ['周晓燕', '吴海涛', '徐丽娟', '孙明杰', '马文静', '朱志刚', '胡晓梅', '郭建军', '何秀英', '高俊杰', '林玉兰', '罗伟', '郑红霞', '梁斌', '谢婷婷', '宋涛', '唐敏', '韩磊', '冯雪', '曹阳'];
const nameAt = (list: string[], i: number) => list[i % list.length]!;

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
      const meta = await deps.registry.save(generated, { source: 'seed' });
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
      { id: `leader${n}`, username: `leader${n}`, name: nameAt(LEADER_NAMES, i), role: 'leader', groupId: g.id, password },
      { id: `inspector${n}a`, username: `inspector${n}a`, name: nameAt(MEMBER_NAMES, 2 * i), role: 'inspector', groupId: g.id, password },
      { id: `inspector${n}b`, username: `inspector${n}b`, name: nameAt(MEMBER_NAMES, 2 * i + 1), role: 'inspector', groupId: g.id, password },
    );
  });
  // argon2 runs on libuv's thread pool: hashing in parallel keeps the first start short.
  const created = (await Promise.all(accounts.map((a) => deps.users.create(a)))).filter(Boolean).length;
  if (created > 0) deps.log.info('demo.accounts_created', { created });
  return accounts.map(({ username, role, name, groupId }) => ({ username, role, name, ...(groupId ? { groupId } : {}) }));
}
