export { audit, listAudit, type AuditEntry } from './audit.service';
