/** Procedure catalogue and publication decisions over HTTP (issue 4 §1–2). Filled by the procedures work. */
import type { App, ServerContext } from '../../server/context.ts';

export async function procedureRoutes(_app: App, _ctx: ServerContext): Promise<void> {}
