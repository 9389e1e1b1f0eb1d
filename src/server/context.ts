import type { TaskTableIndex } from '../modules/tasks/table-index.ts';
import type {
  FastifyBaseLogger,
  FastifyInstance,
  RawReplyDefaultExpression,
  RawRequestDefaultExpression,
  RawServerDefault,
} from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Config } from '../config.ts';
import type { Database } from '../db/engine.ts';
import type { CalendarService } from '../kernel/calendar/service.ts';
import type { Queue } from '../kernel/queue/types.ts';

export type App = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  ZodTypeProvider
>;

export interface AppContext {
  database: Database;
  config: Config;
}

/** What the routes get: the app context plus the services `buildApp` creates once per instance. */
export interface ServerContext extends AppContext {
  /** the one current calendar snapshot of this instance (rebuilt on every calendar change) */
  calendar: CalendarService;
  /** the one in-memory read model of task states of this instance (task table, periodic report) */
  taskIndex: TaskTableIndex;
  /**
   * the durable job queue (docs/queue.md), open when `config.queue` (`KIENTAO_QUEUE`, default 1) — null in an
   * HTTP-only process and in tests unless `startTestApp({ queue: true })`
   */
  queue: Queue | null;
}
