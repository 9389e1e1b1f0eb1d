/**
 * The states of a background job and the transitions between them, as data (issue 6 point 10):
 *
 *   queued ──▶ running ──▶ done
 *     │           ├──────▶ failed
 *     │           └──────▶ cancelled
 *     ├──────────────────▶ cancelled   (cancelled before it started)
 *     └──────────────────▶ failed      (interrupted: the server stopped before it started)
 *
 * `done`, `failed` and `cancelled` are final. Every state change is one conditional UPDATE
 * (`WHERE state IN (<states that may go there>)`, runner.ts), so a cancel racing a finish has one winner.
 */
export const JOB_STATES = ['queued', 'running', 'done', 'failed', 'cancelled'] as const;
export type JobState = (typeof JOB_STATES)[number];

export const JOB_TRANSITIONS: Readonly<Record<JobState, readonly JobState[]>> = {
  queued: ['running', 'cancelled', 'failed'],
  running: ['done', 'failed', 'cancelled'],
  done: [],
  failed: [],
  cancelled: [],
};

/** States from which `to` may be entered. */
export const statesLeadingTo = (to: JobState): JobState[] =>
  JOB_STATES.filter((s) => JOB_TRANSITIONS[s].includes(to));

export const isFinal = (s: JobState) => JOB_TRANSITIONS[s].length === 0;
