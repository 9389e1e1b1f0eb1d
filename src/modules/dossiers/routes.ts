/** Dossier intake, actions, public look-up and ratings over HTTP (issue 4 §3–8). */
import type { App, ServerContext } from '../../server/context.ts';

export async function dossierRoutes(_app: App, _ctx: ServerContext): Promise<void> {}
