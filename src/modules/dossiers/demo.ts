/** Demo dossiers of the seed's 9-month 2022 window (issue 4 §9). */
import type { Tx } from '../../db/engine.ts';
import type { CalendarSnapshot } from '../../kernel/calendar/index.ts';

export async function loadDossierDemo(_tx: Tx, _cal: CalendarSnapshot): Promise<void> {}
