/**
 * The append-only audit history for entities other than tasks (users, agencies, documents, settings)
 * and for looks at confidential data. Written in the same transaction as the change it records.
 */
import { randomUUID } from 'node:crypto';
import { auditEvents } from '../../db/schema.ts';
import type { Tx } from '../../db/engine.ts';
import type { Principal } from '../auth/roles.ts';

export interface AuditInput {
  actor: Principal | null;
  entityType: string;
  entityId: string;
  action: string;
  reason?: string | null;
  documentId?: string | null;
  data?: unknown;
}

export async function recordAudit(tx: Tx, e: AuditInput): Promise<void> {
  await tx.insert(auditEvents).values({
    id: randomUUID(),
    actorUserId: e.actor?.id ?? null,
    actorName: e.actor?.username ?? 'system',
    entityType: e.entityType,
    entityId: e.entityId,
    action: e.action,
    reason: e.reason ?? null,
    documentId: e.documentId ?? null,
    data: e.data ?? null,
  });
}
