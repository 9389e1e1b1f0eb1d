/** Dossier forms as DOCX (issue 4 §5). */
import type { App, ServerContext } from '../../../server/context.ts';

export async function dossierFormRoutes(_app: App, _ctx: ServerContext): Promise<void> {}
