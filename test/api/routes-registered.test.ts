/**
 * Route registration guard (issue 6 review): a commit once left `periodicReportRoutes` unregistered in
 * src/server/app.ts and no test failed. Every issue-6 endpoint must be registered (fastify `hasRoute`) and
 * answer an anonymous caller 401 `unauthenticated` — never 404.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { errorOf, startTestApp, type TestApp } from '../helpers/app.ts';

let t: TestApp;

before(async () => {
  t = await startTestApp();
});
after(() => t.close());

const ID = '00000000-0000-4000-8000-000000000001';

/** [method, route pattern as registered, a concrete url] */
const ENDPOINTS: [string, string, string][] = [
  ['GET', '/api/reporting-periods', '/api/reporting-periods?year=2022'],
  ['GET', '/api/reports/periodic', '/api/reports/periodic?kind=9_months&year=2022'],
  ['GET', '/api/reports/periodic/draft', '/api/reports/periodic/draft?kind=9_months&year=2022'],
  ['PUT', '/api/reports/periodic/draft', '/api/reports/periodic/draft?kind=9_months&year=2022'],
  ['POST', '/api/reports/periodic/snapshots', '/api/reports/periodic/snapshots'],
  ['GET', '/api/reports/periodic/snapshots', '/api/reports/periodic/snapshots'],
  ['POST', '/api/reports/periodic/exports', '/api/reports/periodic/exports'],
  [
    'GET',
    '/api/reports/periodic/snapshots/:id/export.pdf',
    `/api/reports/periodic/snapshots/${ID}/export.pdf`,
  ],
  ['GET', '/api/jobs/:id', `/api/jobs/${ID}`],
  ['GET', '/api/number-series', '/api/number-series'],
  [
    'GET',
    '/api/tasks/urging-letters/draft.json',
    '/api/tasks/urging-letters/draft.json?agency=SNNPTNT&asOf=2022-09-15',
  ],
  ['POST', '/api/tasks/proposals', '/api/tasks/proposals'],
  ['POST', '/api/documents/extract-references', '/api/documents/extract-references'],
  ['GET', '/api/dashboards/trends', '/api/dashboards/trends?from=2022-01-01&to=2022-09-30'],
  ['GET', '/api/dashboards/ranking', '/api/dashboards/ranking?from=2022-01-01&to=2022-09-30'],
  // issue 7: reminders and notifications
  ['GET', '/api/notifications', '/api/notifications'],
  ['GET', '/api/notifications/unread-count', '/api/notifications/unread-count'],
  ['POST', '/api/notifications/:id/read', `/api/notifications/${ID}/read`],
  ['POST', '/api/notifications/read-all', '/api/notifications/read-all'],
  ['GET', '/api/me/notification-preferences', '/api/me/notification-preferences'],
  ['PUT', '/api/me/notification-preferences', '/api/me/notification-preferences'],
  ['GET', '/api/outbox', '/api/outbox?state=failed'],
  ['GET', '/api/outbox/:id', `/api/outbox/${ID}`],
  ['POST', '/api/outbox/:id/resend', `/api/outbox/${ID}/resend`],
  ['POST', '/api/outbox/resend', '/api/outbox/resend'],
  ['GET', '/api/reminder-rules', '/api/reminder-rules'],
  ['POST', '/api/reminder-rules', '/api/reminder-rules'],
  ['PUT', '/api/reminder-rules/:id', '/api/reminder-rules/task.deadline'],
  ['GET', '/api/reminders/preview', '/api/reminders/preview?date=2022-09-15'],
  ['POST', '/api/reminders/run', '/api/reminders/run'],
];

test('every issue-6 and issue-7 endpoint is registered', () => {
  const app = t.app as unknown as { hasRoute(o: { method: string; url: string }): boolean };
  const missing = ENDPOINTS.filter(([method, url]) => !app.hasRoute({ method, url })).map(
    ([m, u]) => `${m} ${u}`,
  );
  assert.deepEqual(missing, []);
  // the guard itself can fail: an unknown route is reported missing
  assert.equal(app.hasRoute({ method: 'GET', url: '/api/reports/periodic/nope' }), false);
});

test('anonymous callers get 401 unauthenticated (not 404) on every issue-6 and issue-7 endpoint', async () => {
  const anon = t.anon();
  const wrong: string[] = [];
  for (const [method, , url] of ENDPOINTS) {
    const r = await anon.req(method, url, method === 'GET' ? undefined : {});
    if (r.status !== 401 || errorOf(r).code !== 'unauthenticated')
      wrong.push(`${method} ${url} → ${r.status}`);
  }
  assert.deepEqual(wrong, []);
});
