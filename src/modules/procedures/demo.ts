/** Demo catalogue: the 600 national records and the seed's publication decisions (issue 4 §1, §2, §9). */
import type { Tx } from '../../db/engine.ts';

export async function loadProcedureDemo(_tx: Tx): Promise<void> {}
