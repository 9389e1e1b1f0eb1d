/**
 * Incrementally maintained daily counts behind the dossier report (`dossier_stats_daily`), written in
 * the same transaction as every dossier change. Filled by the reports work; the dossier service calls
 * `applyDossierChange` after every write (intake, action, rating).
 */
import type { Tx } from '../../db/engine.ts';
import type { dossierEvents, dossierRatings, dossiers } from '../../db/schema.ts';

export type DossierRow = typeof dossiers.$inferSelect;
export type DossierEventRow = typeof dossierEvents.$inferSelect;
export type DossierRatingRow = typeof dossierRatings.$inferSelect;

export interface DossierChange {
  /** the row before the change (null for an intake) */
  before: DossierRow | null;
  /** the row after the change */
  after: DossierRow;
  /** events appended by the change */
  events: readonly DossierEventRow[];
  /** ratings added by the change */
  ratings?: readonly DossierRatingRow[];
}

/** Applies the delta of one dossier change to the daily counts. */
export async function applyDossierChange(_tx: Tx, _change: DossierChange): Promise<void> {}

/** Recomputes every daily count from `dossiers`, `dossier_events` and `dossier_ratings` (bulk loads, checks). */
export async function recountDossierStats(_tx: Tx): Promise<void> {}
