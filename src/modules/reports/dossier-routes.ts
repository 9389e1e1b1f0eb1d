/** The dossier report and its drill-downs (issue 4 §8). */
import type { App, ServerContext } from '../../server/context.ts';

export async function dossierReportRoutes(_app: App, _ctx: ServerContext): Promise<void> {}
