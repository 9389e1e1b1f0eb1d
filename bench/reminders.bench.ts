/**
 * `npm run bench:reminders` — issue 7 §7.
 * 1. Scheduling pass over 1,000,000 open items (target ≤ 10 s): bench/reminders-scan.ts
 * 2. Sending throughput to a local SMTP server (smtp-server on loopback): bench/reminders-send.ts
 * Options: see each part's header. Prints its figures; exits 0 (a benchmark, not a test).
 */
import { runScanBench } from './reminders-scan.ts';
import { runSendBench } from './reminders-send.ts';

const args = process.argv.slice(2);
const only = args.find((a) => a.startsWith('--only='))?.slice('--only='.length);
if (!only || only === 'scan') await runScanBench(args);
if (!only || only === 'send') await runSendBench(args);
process.exit(0);
