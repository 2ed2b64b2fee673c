import { IdahPluginError } from '../../errors.ts';
import { retryDelayMs } from '../backoff.ts';
import type { ClaimOptions, DeliveryClaim, DeliveryOutcome, ExportRow } from '../job-store.ts';
import { exportFromRow } from './rows.ts';
import { emitExports, forUpdate, newTokenSql, nowIso, type StoreContext } from './store-context.ts';

type Raw = Record<string, unknown>;
const EXPORT_ID = /^[0-9]{1,18}$/;
const FENCE = "id = ? AND destination_lease_token = ? AND destination_status = 'delivering'";
const fence = (claim: DeliveryClaim) => [claim.export.id, claim.token];
const CLEAR_DELIVERY_LEASE = 'destination_lease_token = NULL, destination_lease_until = NULL';

/** Due deliveries of published files; a deliverer gone silent with no attempts left ends the delivery failed. */
export async function claimDeliveries(ctx: StoreContext, options: ClaimOptions): Promise<DeliveryClaim[]> {
  if (options.limit < 1) return [];
  const now = nowIso(ctx);
  const until = nowIso(ctx, options.leaseMs);
  // Every worker polls this: when nothing is due, a read on the index, never a write lock.
  const due = await ctx.db.all<Raw>(
    `SELECT id FROM exports
     WHERE (destination_status = 'pending' AND destination_next_at <= ? AND file_id IS NOT NULL)
        OR (destination_status = 'delivering' AND destination_lease_until < ?)
     LIMIT 1`,
    [now, now],
  );
  if (due.length === 0) return [];
  const result = await ctx.db.transaction(async (tx) => {
    const abandoned = await tx.all<Raw>(
      `UPDATE exports SET destination_status = 'failed', ${CLEAR_DELIVERY_LEASE}, updated_at = ?,
         destination_error = 'the worker ' || COALESCE(destination_locked_by, 'unknown') || ' stopped while delivering, and no attempt is left'
       WHERE destination_status = 'delivering' AND destination_lease_until < ? AND destination_attempts >= destination_max_attempts
       RETURNING *`,
      [now, now],
    );
    const claimed = await tx.all<Raw>(
      `UPDATE exports SET destination_status = 'delivering', destination_attempts = destination_attempts + 1,
         destination_lease_token = ${newTokenSql(ctx)}, destination_lease_until = ?, destination_locked_by = ?, updated_at = ?
       WHERE id IN (
         SELECT id FROM exports
         WHERE status = 'active' AND file_id IS NOT NULL AND destination IS NOT NULL
           AND ((destination_status = 'pending' AND destination_next_at <= ?)
             OR (destination_status = 'delivering' AND destination_lease_until < ? AND destination_attempts < destination_max_attempts))
         ORDER BY destination_next_at, id LIMIT ?${forUpdate(ctx, true)})
       RETURNING *`,
      [until, options.workerId, now, now, now, options.limit],
    );
    return { abandoned, claimed };
  });
  emitExports(ctx, result.abandoned);
  return emitExports(ctx, result.claimed).map((row, index) => ({
    export: row,
    token: String(result.claimed[index]?.destination_lease_token),
    worker_id: options.workerId,
    attempt: row.destination_attempts,
  }));
}

export async function renewDelivery(ctx: StoreContext, claim: DeliveryClaim, leaseMs: number): Promise<boolean> {
  const changed = await ctx.db.run(`UPDATE exports SET destination_lease_until = ? WHERE ${FENCE}`, [nowIso(ctx, leaseMs), ...fence(claim)]);
  return changed > 0;
}

export async function finishDelivery(ctx: StoreContext, claim: DeliveryClaim, outcome: DeliveryOutcome): Promise<ExportRow | null> {
  const now = nowIso(ctx);
  let raws: Raw[];
  if (outcome.delivered) {
    raws = await ctx.db.all<Raw>(
      `UPDATE exports SET destination_status = 'delivered', ${CLEAR_DELIVERY_LEASE}, destination_error = NULL, delivered_at = ?,
         delivered_to = ?, destination_next_at = NULL, updated_at = ?
       WHERE ${FENCE} RETURNING *`,
      [now, outcome.location, now, ...fence(claim)],
    );
  } else if (outcome.retryable && claim.attempt < claim.export.destination_max_attempts) {
    const waitMs = Math.max(retryDelayMs(claim.attempt, ctx.deliveryRetry), outcome.retryAfterMs ?? 0);
    raws = await ctx.db.all<Raw>(
      `UPDATE exports SET destination_status = 'pending', ${CLEAR_DELIVERY_LEASE}, destination_error = ?, destination_next_at = ?, updated_at = ?
       WHERE ${FENCE} RETURNING *`,
      [outcome.error, nowIso(ctx, waitMs), now, ...fence(claim)],
    );
  } else {
    raws = await ctx.db.all<Raw>(
      `UPDATE exports SET destination_status = 'failed', ${CLEAR_DELIVERY_LEASE}, destination_error = ?, destination_next_at = NULL, updated_at = ?
       WHERE ${FENCE} RETURNING *`,
      [outcome.error, now, ...fence(claim)],
    );
  }
  return emitExports(ctx, raws)[0] ?? null;
}

export async function releaseDelivery(ctx: StoreContext, claim: DeliveryClaim): Promise<boolean> {
  const now = nowIso(ctx);
  const raws = await ctx.db.all<Raw>(
    `UPDATE exports SET destination_status = 'pending', ${CLEAR_DELIVERY_LEASE}, destination_next_at = ?, updated_at = ?,
       destination_attempts = CASE WHEN destination_attempts > 0 THEN destination_attempts - 1 ELSE 0 END
     WHERE ${FENCE} RETURNING *`,
    [now, now, ...fence(claim)],
  );
  return emitExports(ctx, raws).length > 0;
}

export async function redeliver(ctx: StoreContext, exportId: string): Promise<ExportRow | null> {
  if (!EXPORT_ID.test(exportId)) return null;
  const now = nowIso(ctx);
  const result = await ctx.db.transaction(async (tx) => {
    const [raw] = await tx.all<Raw>(`SELECT * FROM exports WHERE id = ?${forUpdate(ctx)}`, [exportId]);
    if (!raw) return null;
    const row = exportFromRow(raw);
    const why =
      row.status !== 'active' ? `it is ${row.status}`
      : !row.destination ? 'it has no destination'
      : !row.file_id ? 'it has no stored file (its job has not completed, or wrote no file)'
      : row.destination_status === 'pending' || row.destination_status === 'delivering' ? `its delivery is already ${row.destination_status}`
      : undefined;
    if (why) {
      throw new IdahPluginError('JOB_STATE_CONFLICT', `export ${exportId} cannot be delivered again: ${why}`, { details: { destination_status: row.destination_status } });
    }
    return tx.all<Raw>(
      `UPDATE exports SET destination_status = 'pending', destination_attempts = 0, destination_error = NULL, destination_next_at = ?,
         ${CLEAR_DELIVERY_LEASE}, updated_at = ?
       WHERE id = ? RETURNING *`,
      [now, now, exportId],
    );
  });
  if (!result) return null;
  return emitExports(ctx, result)[0] ?? null;
}
