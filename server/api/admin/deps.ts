/** What the admin routes share: the app context plus the audit trail. */
import type { AppContext } from '../context';
import type { AuditLog } from '../../registry/audit';

export interface AdminDeps {
  ctx: AppContext;
  audit: AuditLog;
}
