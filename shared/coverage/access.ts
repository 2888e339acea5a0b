/** Who sees what on the command centre: the county (command, admin), one group (its leader), or nothing. */
import type { PublicUser } from '../roles';

export type CoverageScope = { kind: 'county' } | { kind: 'group'; groupId: string };

export function coverageScope(user: Pick<PublicUser, 'role' | 'groupId'>): CoverageScope | null {
  switch (user.role) {
    case 'command':
    case 'admin':
      return { kind: 'county' };
    case 'leader':
      return user.groupId ? { kind: 'group', groupId: user.groupId } : null;
    case 'inspector':
    case 'unit':
      return null;
  }
}

export function scopeIncludes(scope: CoverageScope, groupId: string): boolean {
  return scope.kind === 'county' || scope.groupId === groupId;
}
