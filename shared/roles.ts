import { codesOf, type Label } from './labels';

/** Roles from DOMAIN.md. Code names are a contract (API, demo accounts). */
export const ROLE_LABELS = {
  admin: { zh: '县扶贫办', en: 'County office' },
  leader: { zh: '督查组组长', en: 'Group leader' },
  inspector: { zh: '督查组成员', en: 'Inspector' },
  command: { zh: '指挥部', en: 'Command centre' },
  unit: { zh: '责任单位', en: 'Responsible unit' },
} satisfies Record<string, Label>;
export type Role = keyof typeof ROLE_LABELS;
export const ROLES = codesOf(ROLE_LABELS);

/** What the server knows about a logged-in user; never carries secrets. */
export interface PublicUser {
  id: string;
  username: string;
  name: string;
  role: Role;
  groupId?: string;
  unitId?: string;
}

export type SheetAccess = 'write' | 'read' | 'none';

/**
 * Who may open a group's sheet, and how. Group members and their leader write; the command
 * centre and the county office read every sheet; nobody else sees it.
 */
export function sheetAccess(user: Pick<PublicUser, 'role' | 'groupId'>, sheetGroupId: string): SheetAccess {
  switch (user.role) {
    case 'leader':
    case 'inspector':
      return user.groupId === sheetGroupId ? 'write' : 'none';
    case 'command':
    case 'admin':
      return 'read';
    case 'unit':
      return 'none';
  }
}
